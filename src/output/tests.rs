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
