//! The personal-data patterns and their masking: resident ID numbers (with
//! a valid check digit), mainland mobile numbers, hospital record numbers
//! and patients named in full, what the Personal Information Protection Law
//! (个人信息保护法) forbids a portal to publish without consent. A leaf
//! helper: the findings stage reports what [`scan`] finds
//! (`findings/privacy.rs`), and every printed source line is masked with
//! [`masked_line`] (`error.rs`).

use std::sync::LazyLock;

use regex::Regex;

/// What was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An 18-digit resident ID number whose check digit is right, or a
    /// 15-digit one whose birth date is a date.
    ResidentId,
    /// A mainland mobile number, also written `138 1234 5678` or `138-1234-5678`.
    Mobile,
    /// 住院号, 病案号, 门诊号 or 床号 with a number.
    RecordNumber,
    /// 患者, 病人, 患儿 … followed by a full name.
    PatientName,
}

/// One finding: byte range in the text, kind, and the text masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// What was found, masked for the message (`138****5678`).
    pub masked: String,
}

/// Common surnames (single characters), enough to tell a name from a word.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Compound surnames.
const COMPOUND: [&str; 8] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容",
];

/// Words that follow 患者 and the like without naming anyone: the
/// anonymised forms (张某, 李先生) and ordinary words (家属, 朋友).
const NOT_NAMES: [&str; 24] = [
    "某",
    "X",
    "x",
    "Ｘ",
    "*",
    "＊",
    "先生",
    "女士",
    "老人",
    "阿姨",
    "大爷",
    "大妈",
    "师傅",
    "小朋友",
    "同志",
    "家属",
    "家长",
    "朋友",
    "们",
    "及",
    "和",
    "与",
    "等",
    "姓",
];

/// Ordinary words that begin with a surname's character and often follow
/// 患者 in news text (患者明显好转, 患者安全): not names. To be grown
/// from a corpus of real stories.
const WORDS: [&str; 41] = [
    "白跑", "高度", "安全", "明显", "全部", "常规", "方便", "马上", "平均", "文化", "成功", "包括",
    "关于", "关心", "关注", "于是", "应该", "时间", "时候", "管理", "项目", "程度", "易感", "解决",
    "任何", "金额", "全程", "全面", "单位", "万元", "经过", "康复", "向医", "和医", "于术", "余人",
    "车辆", "路程", "危重", "宁可", "孔径",
];

/// Surnames that, right after 患者, are nearly always a preposition or an
/// adverb instead (患者于凌晨到院, 患者向医生致谢, 患者全部康复).
const FUNCTION_WORDS: &str = "于向和应时全连";

/// First characters of what a patient is called, before a name ([`PATIENT`]).
const PATIENT_STARTS: [char; 5] = ['患', '病', '伤', '孕', '产'];

// The patterns are constants: `expect` can only fail on a typo here, which
// every test that scans text would show, never on anything a writer writes.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"1[3-9][0-9](?:[ -]?[0-9]{4}){2}|1[3-9][0-9]{9}").expect("mobile pattern")
});
static RESIDENT_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{17}[0-9Xx]|[0-9]{15}").expect("ID pattern"));
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:住院号|病案号|门诊号|床号)\s*[:：]?\s*[A-Za-z]?[0-9０-９]+")
        .expect("record pattern")
});
static PATIENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:患者|病人|患儿|病友|伤者|孕妇|产妇)\s*([\p{Han}]{2,4}|[\p{Han}][XxＸ*＊某]{1,2})",
    )
    .expect("patient pattern")
});

/// `line` with every finding masked, to be shown under a message: a CI
/// log is read by more people than the file.
pub fn masked_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for f in scan(line) {
        if f.start < at {
            continue;
        }
        out.push_str(&line[at..f.start]);
        out.push_str(&f.masked);
        at = f.end;
    }
    out.push_str(&line[at..]);
    out
}

/// Every finding in `text`, in order.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    // Each pattern needs digits or a word for a patient: most lines (a
    // date, a count) are not searched with the patterns that cannot match.
    let (mut digits, mut run, mut longest) = (0, 0, 0);
    for b in text.bytes() {
        if b.is_ascii_digit() {
            digits += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    if longest >= 15 {
        for m in RESIDENT_ID.find_iter(text) {
            if alone(text, m.start(), m.end()) && valid_id(m.as_str()) {
                found.push(finding(m.start(), m.end(), Kind::ResidentId, m.as_str()));
            }
        }
    }
    if digits >= 11 {
        for m in MOBILE.find_iter(text) {
            let covered = found
                .iter()
                .any(|f| f.start <= m.start() && m.end() <= f.end);
            if alone(text, m.start(), m.end()) && !covered {
                found.push(finding(m.start(), m.end(), Kind::Mobile, m.as_str()));
            }
        }
    }
    if text.contains('号') {
        for m in RECORD.find_iter(text) {
            found.push(finding(m.start(), m.end(), Kind::RecordNumber, m.as_str()));
        }
    }
    if text.chars().any(|c| PATIENT_STARTS.contains(&c)) {
        for c in PATIENT.captures_iter(text) {
            let Some(name) = c.get(1) else { continue };
            if let Some(len) = full_name(name.as_str()) {
                let end = name.start() + len;
                found.push(finding(
                    name.start(),
                    end,
                    Kind::PatientName,
                    &text[name.start()..end],
                ));
            }
        }
    }
    found.sort_by_key(|f| (f.start, f.end));
    found
}

/// Not part of a longer run of digits (an order number, a phone with area code).
fn alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// An 18-digit number with the right ISO 7064 MOD 11-2 check digit and a
/// real birth date, or a 15-digit one with a real birth date.
fn valid_id(s: &str) -> bool {
    if !s.is_ascii() {
        return false;
    }
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    let birth = |y: &str, m: &str, d: &str| {
        let date = format!("{y}-{m}-{d}");
        date.parse::<jiff::civil::Date>().is_ok()
    };
    match s.len() {
        18 => {
            const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
            let check = b"10X98765432"[(sum % 11) as usize] as char;
            let last = s.chars().last().map(|c| c.to_ascii_uppercase());
            last == Some(check) && birth(&s[6..10], &s[10..12], &s[12..14])
        }
        15 => birth(&format!("19{}", &s[6..8]), &s[8..10], &s[10..12]),
        _ => false,
    }
}

/// How many bytes of `after` (the text after 患者) are a full name: a
/// common surname and one or two more characters, not an anonymised form.
fn full_name(after: &str) -> Option<usize> {
    let surname_len = COMPOUND
        .iter()
        .find(|c| after.starts_with(*c))
        .map(|c| c.len())
        .or_else(|| {
            let first = after.chars().next()?;
            (SURNAMES.contains(first) && !FUNCTION_WORDS.contains(first)).then(|| first.len_utf8())
        })?;
    let rest = &after[surname_len..];
    if rest.is_empty()
        || NOT_NAMES
            .iter()
            .any(|w| rest.starts_with(w) || after.starts_with(w))
        || WORDS.iter().any(|w| after.starts_with(w))
    {
        return None;
    }
    // The given name: one or two characters (the pattern took up to four).
    let given: usize = rest.chars().take(2).map(char::len_utf8).sum();
    Some(surname_len + given)
}

fn finding(start: usize, end: usize, kind: Kind, text: &str) -> Finding {
    Finding {
        start,
        end,
        kind,
        masked: mask(kind, text),
    }
}

/// The text with its identifying middle hidden: `138****5678`,
/// `110101********1234`, `张**`.
fn mask(kind: Kind, text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let keep = |head: usize, tail: usize| -> String {
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < head || i + tail >= chars.len() {
                    *c
                } else {
                    '*'
                }
            })
            .collect()
    };
    match kind {
        Kind::Mobile => keep(3, 4),
        Kind::ResidentId => keep(6, 4),
        Kind::RecordNumber => {
            let digits = chars.iter().filter(|c| c.is_numeric()).count();
            keep(chars.len() - digits, 0)
        }
        Kind::PatientName => {
            let compound = COMPOUND.iter().any(|c| text.starts_with(c));
            keep(if compound { 2 } else { 1 }, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        scan(text).into_iter().map(|f| (f.kind, f.masked)).collect()
    }

    #[test]
    fn resident_ids_need_their_check_digit() {
        // 11010519491231002X is the standard's own example.
        assert_eq!(
            kinds("身份证号 11010519491231002X 已核对"),
            [(Kind::ResidentId, "110105********002X".to_string())]
        );
        // An order number of 18 digits with a wrong check digit.
        assert!(kinds("订单号 110105194912310021").is_empty());
        assert_eq!(kinds("旧证 110105491231002").len(), 1);
    }

    #[test]
    fn mobiles_in_any_grouping_and_not_service_numbers() {
        for text in [
            "电话13812345678",
            "电话 138 1234 5678",
            "电话：138-1234-5678。",
        ] {
            assert_eq!(
                kinds(text),
                [(Kind::Mobile, "138****5678".to_string())],
                "{text}"
            );
        }
        assert!(kinds("咨询 12320 或 0571-87654321，订单 213812345678901").is_empty());
    }

    #[test]
    fn record_numbers_with_a_number() {
        assert_eq!(kinds("住院号：2023001234").len(), 1);
        assert_eq!(kinds("3床号 12").len(), 1);
        assert!(kinds("病案号请向病案室查询").is_empty());
        // Full-width digits, as an input method types them, are masked whole.
        assert_eq!(
            kinds("住院号：１２３４５６"),
            [(Kind::RecordNumber, "住院号：******".to_string())]
        );
        // Digits of other scripts are no ID number (and no panic).
        assert!(kinds("编号 12345٠٠٠1234567 与 123456789012345").is_empty());
    }

    #[test]
    fn patients_named_in_full_but_not_anonymised() {
        assert_eq!(
            kinds("患者张伟术后恢复良好"),
            [(Kind::PatientName, "张**".to_string())]
        );
        assert_eq!(
            kinds("患儿欧阳明明出院"),
            [(Kind::PatientName, "欧阳**".to_string())]
        );
        for ok in [
            "患者张某术后恢复良好",
            "患者张某某",
            "患者李X",
            "患者李先生",
            "患者王女士",
            "患者家属送来锦旗",
            "患儿家长",
            "患者及家属",
            "为患者测量血压",
            "患者明显好转",
            "患者安全是底线",
            "患者康复出院",
            "守护患者于危急之中",
            "患者向医护人员致谢",
            "患者全部康复",
        ] {
            assert!(kinds(ok).is_empty(), "{ok}: {:?}", kinds(ok));
        }
    }
}

#[cfg(test)]
mod demo {
    /// The demo portal's stories are realistic news text without personal
    /// data: nothing may be found in them.
    #[test]
    fn nothing_is_found_in_the_demo_portal() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for f in super::scan(&text) {
                    found.push(format!(
                        "{}: {:?} {}",
                        entry.path().display(),
                        f.kind,
                        &text[f.start..f.end]
                    ));
                }
            }
        }
        assert!(found.is_empty(), "{found:#?}");
    }
}
