//! What the fragment's parts share: where photos come from, and the
//! limits of the editor.

/// Where the fragment's photos come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Images {
    /// The published site's variant of each photo, by absolute URL (the
    /// editor fetches and re-hosts it).
    #[default]
    Public,
    /// The same variants as data URIs, for a story not published yet.
    Inline,
}

/// Photo variants the editor takes: JPEG or PNG, at most this wide.
pub const MAX_WIDTH: u32 = 1080;
/// ... and at most this many bytes.
pub const MAX_BYTES: u64 = 1024 * 1024;
