//! Unit tests of the index files.
