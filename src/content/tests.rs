use super::*;

fn role(path: &str) -> Result<Role, Text> {
    let comps: Vec<String> = path.split('/').map(String::from).collect();
    classify(&comps)
}

#[test]
fn classifies_by_place() {
    assert_eq!(role("_index.md").unwrap(), Role::Home);
    assert_eq!(role("about.md").unwrap(), Role::Page);
    assert_eq!(
        role("branches/imaging/_branch.md").unwrap(),
        Role::Branch {
            slug: "imaging".into()
        }
    );
    assert_eq!(
        role("branches/imaging/honors/2024-a.md").unwrap(),
        Role::Story {
            branch: "imaging".into(),
            folder: Some("honors".into()),
            bundle: false
        }
    );
    assert_eq!(
        role("branches/imaging/activities/2024-b/index.md").unwrap(),
        Role::Story {
            branch: "imaging".into(),
            folder: Some("activities".into()),
            bundle: true
        }
    );
    assert_eq!(
        role("branches/imaging/loose.md").unwrap(),
        Role::Story {
            branch: "imaging".into(),
            folder: None,
            bundle: false
        }
    );
    assert!(role("branches/loose.md").is_err());
}
