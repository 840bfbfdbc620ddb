use super::*;

#[test]
fn swaps_in_the_new_site_and_drops_stale_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let staging = Staging::new(&out).unwrap();
    staging.write("a/index.html", b"new").unwrap();
    staging.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "new"
    );
    assert!(!out.join("stale.html").exists());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no staging or old folder left"
    );
}

#[test]
fn a_dropped_staging_leaves_the_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "good").unwrap();
    let staging = Staging::new(&out).unwrap();
    staging.write("index.html", b"half").unwrap();
    assert!(staging.write("../escape.html", b"x").is_err());
    drop(staging);
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "good"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn refuses_output_folders_that_hold_the_portal() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
    assert!(check_output_dir(tmp.path(), &tmp.path().join("content")).is_err());
    assert!(check_output_dir(tmp.path(), &tmp.path().join("content/public")).is_err());
    assert!(check_output_dir(tmp.path(), tmp.path().parent().unwrap()).is_err());
    assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_a_killed_build_are_cleaned_and_a_moved_site_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // A build killed between moving the old site aside and moving the new
    // one in: no public/, the old site beside it, a half-written staging.
    let dead = 999_999_999u32;
    let old = tmp.path().join(format!(".public.old-{dead}"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("index.html"), "last good").unwrap();
    let half = tmp.path().join(format!(".public.staging-{dead}"));
    std::fs::create_dir_all(&half).unwrap();
    std::fs::write(half.join("index.html"), "half").unwrap();
    // Another build still running is left alone.
    let alive = tmp.path().join(format!(
        ".public.staging-{}",
        std::os::unix::process::parent_id()
    ));
    std::fs::create_dir_all(&alive).unwrap();
    let staging = Staging::new(&out).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "last good",
        "the moved-aside site is back before anything else happens"
    );
    assert!(!old.exists() && !half.exists());
    assert!(alive.exists());
    drop(staging);
}

#[cfg(target_os = "linux")]
#[test]
fn folders_are_exchanged_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("x"), "from a").unwrap();
    assert!(exchange(&a, &b), "renameat2 works on this file system");
    assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "from a");
    assert!(!a.join("x").exists());
}
