//! Videos are published as they are, so they are checked instead: a phone
//! video can carry where it was filmed, as a `©xyz` atom (Android and
//! others), Apple's `com.apple.quicktime.location.ISO6709` key, XMP GPS
//! fields or a GPS track (`gpmd`). Any of them refuses the file. Only the
//! boxes around the picture data are read, never the data itself.

use crate::error::Code;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Diagnostic, Text};
use crate::text::text;

/// Metadata boxes larger than this are not scanned (they are never this large).
const MAX_BOX: u64 = 64 << 20;

/// Byte strings that mean a location is recorded.
const LOCATION_MARKS: [(&[u8], &str); 4] = [
    (b"\xA9xyz", "©xyz"),
    (b"ISO6709", "com.apple.quicktime.location.ISO6709"),
    (b"GPSLatitude", "XMP GPSLatitude"),
    (b"gpmd", "GPS track (gpmd)"),
];

/// Why a video cannot be published.
#[derive(Debug)]
pub enum VideoProblem {
    /// It records where it was filmed (the name of the box found).
    Location(&'static str),
    /// It is not an MP4/QuickTime file.
    NotMp4,
    /// It cannot be read.
    Io(std::io::Error),
}

/// Whether `path` is a video file that may carry a location (MP4 family).
pub fn is_video(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["mp4", "m4v", "mov"].contains(&e.to_ascii_lowercase().as_str()))
}

/// Checks an MP4 or QuickTime file for a recorded location.
pub fn check_video(path: &Path) -> Result<(), VideoProblem> {
    let mut file = File::open(path).map_err(VideoProblem::Io)?;
    let len = file.metadata().map_err(VideoProblem::Io)?.len();
    let mut pos = 0;
    let mut boxes = 0;
    while pos + 8 <= len {
        file.seek(SeekFrom::Start(pos)).map_err(VideoProblem::Io)?;
        let mut head = [0u8; 16];
        file.read_exact(&mut head[..8]).map_err(VideoProblem::Io)?;
        let kind = [head[4], head[5], head[6], head[7]];
        if boxes == 0 && &kind != b"ftyp" && &kind != b"wide" && &kind != b"moov" {
            return Err(VideoProblem::NotMp4);
        }
        boxes += 1;
        let (size, header) = match u32::from_be_bytes([head[0], head[1], head[2], head[3]]) {
            0 => (len - pos, 8),
            1 => {
                file.read_exact(&mut head[8..]).map_err(VideoProblem::Io)?;
                let large = u64::from_be_bytes(head[8..16].try_into().expect("8 bytes"));
                (large, 16)
            }
            n => (u64::from(n), 8),
        };
        if size < header || pos.checked_add(size).is_none_or(|end| end > len) {
            return Err(VideoProblem::NotMp4);
        }
        if !matches!(&kind, b"mdat" | b"free" | b"skip" | b"wide") {
            let body = (size - header).min(MAX_BOX);
            let mut bytes = vec![0u8; body as usize];
            file.read_exact(&mut bytes).map_err(VideoProblem::Io)?;
            if let Some(name) = find_location(&bytes) {
                return Err(VideoProblem::Location(name));
            }
        }
        pos += size;
    }
    if boxes == 0 {
        return Err(VideoProblem::NotMp4);
    }
    Ok(())
}

fn find_location(bytes: &[u8]) -> Option<&'static str> {
    LOCATION_MARKS
        .iter()
        .find(|(mark, _)| bytes.windows(mark.len()).any(|w| w == *mark))
        .map(|(_, name)| *name)
}

impl VideoProblem {
    /// The diagnostic for the video shown as `display`.
    pub fn diagnostic(&self, display: &Path) -> Diagnostic {
        let name = display
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self {
            VideoProblem::Location(mark) => Diagnostic::error(Code::Video,
                display,
                text!(
                    "视频“{}”记录了拍摄地点（{}），不能发布",
                    "video \"{}\" records where it was filmed ({}) and cannot be published",
                    name,
                    mark
                ),
            )
            .hint(text!(
                "请去掉视频的元数据后替换原文件，例如：ffmpeg -i {0} -map_metadata -1 -c copy 新文件.mp4；以后拍摄前可在手机相机设置中关闭“位置信息”",
                "remove its metadata and replace the file, e.g. ffmpeg -i {0} -map_metadata -1 -c copy clean.mp4; turn off location in the phone camera's settings",
                name
            )),
            VideoProblem::NotMp4 => Diagnostic::error(Code::Video,
                display,
                text!(
                    "视频“{}”不是有效的 MP4 文件",
                    "video \"{}\" is not a valid MP4 file",
                    name
                ),
            )
            .hint(Text::new(
                "请用手机或剪辑软件重新导出为 MP4（H.264）",
                "export it again as MP4 (H.264)",
            )),
            VideoProblem::Io(e) => Diagnostic::error(Code::Video,
                display,
                text!("无法读取视频“{}”：{}", "cannot read video \"{}\": {}", name, e),
            ),
        }
    }
}
