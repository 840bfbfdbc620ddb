//! The integration tests, one binary: each module builds fixture portals with
//! the real `branchpress` binary and checks what it wrote or said.

mod architecture;
mod bad_input;
mod build;
mod common;
mod desk;
mod docs;
mod errors;
mod filing;
mod findings;
mod hostile;
mod images;
mod progress;
mod publish;
mod release;
mod report;
mod review;
mod sanitize;
mod scaffold;
mod search;
mod serve;
mod shortcodes;
mod start;
mod theme;
mod wechat;
mod wechat_serve;
