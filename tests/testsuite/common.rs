//! Helpers shared by the integration tests: fixture portals copied into
//! temporary folders, and the branchpress binary run on them.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture portal.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture portal into a fresh temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), tmp.path());
    tmp
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Writes a file, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Runs branchpress with `args` in `root`.
pub fn run(root: &Path, args: &[&str]) -> Output {
    run_env(root, args, &[])
}

/// Runs branchpress with `args` in `root` and extra environment variables.
pub fn run_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_branchpress"));
    cmd.current_dir(root).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run branchpress")
}

/// stdout + stderr as text.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Builds `root` into `root/public`, asserting success; returns the output folder.
pub fn build_ok(root: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = run(root, &all);
    assert!(out.status.success(), "build failed:\n{}", text(&out));
    root.join("public")
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Reads an output file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A search index file as the engine reads it: inflated when it is
/// stored gzipped (every file but the manifest), else as it is.
pub fn inflated(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)
        .expect("a whole gzip file");
    out
}

/// The search index file `rel` (under `dir`), inflated.
pub fn read_index(dir: &Path, rel: &str) -> Vec<u8> {
    inflated(&std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

/// A structurally valid MP4 (ftyp, moov with a user-data box, mdat), with
/// or without the `©xyz` location atom phones write. No real frames: only
/// the boxes around them are read.
pub fn fake_mp4(with_location: bool) -> Vec<u8> {
    fn boxed(kind: &[u8], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }
    let mut udta = boxed(b"\xA9too", b"\x00\x05\x00\x00Lavf");
    if with_location {
        udta.extend(boxed(b"\xA9xyz", b"\x00\x12\x15\xc7+30.2534+120.1529/"));
    }
    let moov = boxed(
        b"moov",
        &[boxed(b"mvhd", &[0u8; 100]), boxed(b"udta", &udta)].concat(),
    );
    [
        boxed(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41"),
        moov,
        boxed(b"mdat", &[0u8; 64]),
    ]
    .concat()
}

/// Sends one HTTP/1.1 request (`head` without its blank line; the
/// connection is closed after it) to `addr` and reads the whole reply:
/// (status, head, body). A server may answer and close before `body` is
/// sent in full (a refused upload): what it said is still returned.
pub fn http(addr: &str, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.write_all(format!("{head}\r\n").as_bytes()).expect("send");
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..at]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[at..].to_vec())
}

/// Starts `branchpress serve --port 0` in `root` with `extra` arguments,
/// its stdout piped (where it prints its addresses), its stderr dropped.
pub fn spawn_serve(root: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_branchpress"))
        .current_dir(root)
        .args(["serve", "--port", "0"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve")
}
