//! Unit tests of the WeChat fragment.
