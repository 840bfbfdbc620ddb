use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos/content/branches/clinic/activities/2024-05-10-village-clinic")
        .join(name)
}

fn job(file: PathBuf, dest: &str) -> Job {
    Job {
        display: file.clone(),
        file,
        dest: dest.to_string(),
    }
}

#[test]
fn widths_never_upscale_and_skip_near_copies() {
    assert_eq!(variant_widths(4032), vec![480, 960, 1200, 1600]);
    assert_eq!(variant_widths(1700), vec![480, 960, 1200, 1600]);
    assert_eq!(variant_widths(1200), vec![480, 960, 1200]);
    assert_eq!(variant_widths(1000), vec![480, 1000]);
    assert_eq!(variant_widths(500), vec![500]);
    assert_eq!(variant_widths(40), vec![40]);
    assert_eq!(scaled_height(4032, 3024, 480), 360);
    assert_eq!(scaled_height(3, 1000, 1), 333);
    assert_eq!(scaled_height(1000, 1, 10), 1);
}

#[test]
fn variants_are_named_after_the_published_original() {
    assert_eq!(
        Dest::new("branches/a/x/photo.jpg").stem,
        "branches/a/x/photo"
    );
    assert_eq!(Dest::new("a.b/photo").stem, "a.b/photo");
    assert_eq!(Dest::new("b/.hidden").stem, "b/.hidden");
}

#[test]
fn resizes_and_picks_variants() {
    let cache = tempfile::tempdir().unwrap();
    let (image, fresh) =
        process_image(cache.path(), &job(fixture("wide.jpg"), "s/wide.jpg")).unwrap();
    assert!(fresh);
    assert_eq!((image.width, image.height), (1100, 360));
    let sizes: Vec<_> = image.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, vec![(480, 157), (960, 314), (1100, 360)]);
    assert_eq!(image.variants[0].path, "s/wide-480w.jpg");
    for v in &image.variants {
        let decoded = image::open(&v.file).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
    }
    assert_eq!(image.at_least(CARD_WIDTH).width, 480);
    assert_eq!(image.at_least(OG_WIDTH).width, 1100);
    let p = image.picture("/base/");
    assert_eq!(p.src, "/base/s/wide-960w.jpg");
    assert_eq!((p.width, p.height), (1100, 360));
    assert!(p.srcset.starts_with("/base/s/wide-480w.jpg 480w, "));
}

#[test]
fn turns_phone_photos_upright() {
    let cache = tempfile::tempdir().unwrap();
    let (image, _) = process_image(cache.path(), &job(fixture("rotated.jpg"), "r.jpg")).unwrap();
    // Stored 600×300 with orientation 6: upright it is 300×600.
    assert_eq!((image.width, image.height), (300, 600));
    let decoded = image::open(&image.largest().file).unwrap().to_rgb8();
    assert_eq!(decoded.dimensions(), (300, 600));
    // The black bar drawn along the picture's top edge is at the top again.
    let top = decoded.get_pixel(150, 5);
    let bottom = decoded.get_pixel(150, 595);
    assert!(top.0.iter().all(|&c| c < 60), "top {top:?}");
    assert!(bottom.0.iter().any(|&c| c > 60), "bottom {bottom:?}");
}

#[test]
fn png_stays_png_and_webp_becomes_jpeg() {
    let cache = tempfile::tempdir().unwrap();
    let logo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos/content/branches/clinic/logo.png");
    let (image, _) = process_image(cache.path(), &job(logo, "b/logo.png")).unwrap();
    assert_eq!(image.variants.len(), 1);
    assert_eq!(image.largest().path, "b/logo-120w.png");
    assert!(
        image::open(&image.largest().file)
            .unwrap()
            .color()
            .has_alpha()
    );
    let (image, _) = process_image(cache.path(), &job(fixture("screen.webp"), "s.webp")).unwrap();
    assert_eq!(image.largest().path, "s-500w.jpg");
}

#[test]
fn reuses_cached_variants_and_reencodes_changed_photos() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let photo = dir.path().join("p.jpg");
    std::fs::copy(fixture("wide.jpg"), &photo).unwrap();
    let jobs = vec![job(photo.clone(), "p.jpg")];
    let first = process_images(&cache, &jobs);
    assert_eq!((first.counts.encoded, first.counts.reused), (1, 0));
    let second = process_images(&cache, &jobs);
    assert_eq!((second.counts.encoded, second.counts.reused), (0, 1));
    assert_eq!(first.images, second.images);
    std::fs::copy(fixture("rotated.jpg"), &photo).unwrap();
    let third = process_images(&cache, &jobs);
    assert_eq!((third.counts.encoded, third.counts.reused), (1, 0));
    assert_eq!(third.images[0].as_ref().unwrap().width, 300);
    // A missing variant makes the entry incomplete: encoded again.
    std::fs::remove_file(&third.images[0].as_ref().unwrap().variants[0].file).unwrap();
    assert_eq!(process_images(&cache, &jobs).counts.encoded, 1);
}

#[test]
fn reports_unreadable_photos() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jpg");
    std::fs::write(&bad, b"not a jpeg").unwrap();
    let out = process_images(&dir.path().join("cache"), &[job(bad, "bad.jpg")]);
    assert_eq!(out.images, vec![None]);
    assert!(out.diagnostics[0].message.zh.contains("图片无法解码"));
}
