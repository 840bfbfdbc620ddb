//! Unit tests of the index's encoding: what `search-engine.js` decodes.

use super::index::{MAGIC, Term, encode_terms, framed, varint};

fn leb(v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, v);
    out
}

#[test]
fn varints_are_leb128() {
    assert_eq!(leb(0), [0]);
    assert_eq!(leb(127), [127]);
    assert_eq!(leb(128), [0x80, 1]);
    assert_eq!(leb(300), [0xAC, 0x02]);
}

#[test]
fn a_framed_file_names_its_build_and_its_length() {
    let f = framed(0xA1B2_C3D4, b"xyz");
    assert_eq!(&f[..4], MAGIC);
    assert_eq!(u32::from_le_bytes(f[4..8].try_into().unwrap()), 0xA1B2_C3D4);
    assert_eq!(u32::from_le_bytes(f[8..12].try_into().unwrap()), 15);
    assert_eq!(&f[12..], b"xyz");
}

#[test]
fn postings_are_key_deltas_and_counts_positions_deltas_within_an_entry() {
    let mut t = Term::default();
    // Record 0, body (key 3): positions 5 and 9; record 2, title (key 8): 0.
    t.add(3, Some(5));
    t.add(3, Some(9));
    t.add(8, Some(0));
    t.flush();
    // Entry deltas are from the previous key + 1 (the first from 0): 4, 5.
    assert_eq!(t.postings, [4, 2, 5, 1]);
    assert_eq!(t.positions, [5, 4, 0]);
}

#[test]
fn a_shard_lists_its_terms_then_their_postings() {
    let mut pair = Term::default();
    pair.add(0, Some(1));
    pair.flush();
    let mut single = Term::default();
    single.add(0, None);
    single.add(0, None);
    single.flush();
    let (t, p) = encode_terms(7, &[("义".into(), single), ("义诊".into(), pair)]);
    let body = &t[12..];
    // Two terms; 义: 3 bytes, 1 entry, 2 bytes of postings, no positions.
    let mut want = vec![2, 3];
    want.extend_from_slice("义".as_bytes());
    want.extend_from_slice(&[1, 2, 0, 6]);
    want.extend_from_slice("义诊".as_bytes());
    want.extend_from_slice(&[1, 2, 1]);
    // Then the postings: 义 once in key 0 (twice), 义诊 once in key 0.
    want.extend_from_slice(&[1, 2, 1, 1]);
    assert_eq!(body, want.as_slice());
    assert_eq!(&p[12..], [1]);
}

#[test]
fn a_body_is_indexed_up_to_its_first_fifty_thousand_characters() {
    use super::record::{MAX_INDEXED_CHARS, indexed_part};
    let short = "义诊".repeat(10);
    assert_eq!(indexed_part(&short), short);
    let ascii = "a".repeat(MAX_INDEXED_CHARS);
    assert_eq!(indexed_part(&ascii), ascii);
    let long = "义诊".repeat(MAX_INDEXED_CHARS);
    let part = indexed_part(&long);
    assert_eq!(part.chars().count(), MAX_INDEXED_CHARS);
    assert!(long.starts_with(part));
}
