//! Review before publishing (`review:` in site.yaml): the approvals a story
//! records in its front matter, each bound by a digest to the exact text it
//! approved; the state that follows (draft, waiting for a stage, changed
//! after approval, approved); and the line-keeping writes of an approval or
//! a return that `approve` and the desk share. Sits with the schema: it
//! reads front matter against the configuration.

mod edit;
mod record;

pub use edit::{Approve, Reading, approve, read, return_story};
pub use record::{Approval, DIGEST_LEN, REVIEW_FIELDS, Record, State, check_record, digest, state};

#[cfg(test)]
use edit::digest_scalar;
#[cfg(test)]
mod tests;
