//! The desk's secrets for one run of `serve`: the token its page carries,
//! and, when it is open to the network, the password, its sessions and the
//! count of wrong guesses.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::call::{PATH, Refusal};
use crate::error::Lang;

/// Wrong passwords after which the desk refuses to log a machine in.
const MAX_FAILURES: u32 = 10;
/// Wrong passwords from all machines after which it logs nobody in.
const MAX_ALL_FAILURES: u32 = 100;

/// The desk's secrets.
pub struct Secrets {
    /// Sent with every API request; only the desk's own page has it.
    pub token: String,
    /// Asked for when the preview is open to the network (`--bind … --desk`).
    password: Option<String>,
    /// Sessions of those who gave the password.
    sessions: Mutex<Vec<String>>,
    /// Wrong passwords by machine, and in all.
    failures: Mutex<BTreeMap<Option<IpAddr>, u32>>,
    all_failures: AtomicU32,
}

impl Secrets {
    /// New secrets; a password when other machines may reach the desk.
    /// Fails only when the system gives no random numbers.
    pub fn new(password: bool) -> Result<Secrets, getrandom::Error> {
        Ok(Secrets {
            token: random_hex(16)?,
            password: password.then(|| random_code(10)).transpose()?,
            sessions: Mutex::new(Vec::new()),
            failures: Mutex::new(BTreeMap::new()),
            all_failures: AtomicU32::new(0),
        })
    }

    /// The password to print on the terminal, if one is asked for.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// Whether the request may use the desk: no password is asked, or its
    /// cookie names a session of one who gave it.
    pub fn logged_in(&self, headers: &HeaderMap) -> bool {
        if self.password.is_none() {
            return true;
        }
        let Some(session) = cookie(headers, "bp_desk") else {
            return false;
        };
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        sessions.iter().any(|s| same(s, &session))
    }

    /// Whether the request carries the desk's token.
    pub fn has_token(&self, headers: &HeaderMap) -> bool {
        let token = headers
            .get("x-branchpress-token")
            .and_then(|v| v.to_str().ok());
        token.is_some_and(|t| same(t, &self.token))
    }

    /// Checks the password of the login form; a session cookie when it is right.
    pub fn login(&self, lang: Lang, peer: Option<IpAddr>, body: &[u8]) -> Response {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mine = failures.get(&peer).copied().unwrap_or(0);
        if mine >= MAX_FAILURES || self.all_failures.load(Ordering::Relaxed) >= MAX_ALL_FAILURES {
            return Refusal::Locked.reply(lang);
        }
        let given = form_urlencoded::parse(body)
            .find(|(k, _)| k == "password")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let right = self
            .password
            .as_deref()
            .is_some_and(|p| same(p, given.trim()));
        if !right {
            failures.insert(peer, mine + 1);
            self.all_failures.fetch_add(1, Ordering::Relaxed);
            drop(failures);
            // Slows guessing down.
            std::thread::sleep(std::time::Duration::from_millis(500));
            return Refusal::Password.reply(lang);
        }
        drop(failures);
        let Ok(session) = random_hex(16) else {
            return Refusal::Random.reply(lang);
        };
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(session.clone());
        (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, PATH.to_string()),
                (
                    header::SET_COOKIE,
                    format!("bp_desk={session}; Path={PATH}; HttpOnly; SameSite=Strict"),
                ),
            ],
        )
            .into_response()
    }
}

/// A cookie's value.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Bytes from the system's random source; without it no secret can be made.
fn random_bytes(n: usize) -> Result<Vec<u8>, getrandom::Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

fn random_hex(n: usize) -> Result<String, getrandom::Error> {
    Ok(random_bytes(n)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A password easy to type from a terminal: no 0/o, 1/l.
fn random_code(n: usize) -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    Ok(random_bytes(n)?
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert_eq!(random_hex(16).unwrap().len(), 32);
        assert_ne!(random_hex(16).unwrap(), random_hex(16).unwrap());
        assert!(
            random_code(10)
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
    }
}
