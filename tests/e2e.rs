//! End-to-end tests of the `hinder` package: corpus → index → search → HTTP → JSON/HTML.
//!
//! One test binary; each module covers one part of the flow.

mod support;

mod access;
mod adding;
mod api;
mod browser;
mod caching;
mod cli;
mod collectors;
mod contributing;
mod corpus;
mod description_export;
mod descriptions;
mod documents;
mod draft_files;
mod drafting;
mod export;
mod feed;
mod feedback;
mod formats;
mod hostile;
mod http;
mod import;
mod live;
mod live_corpus;
mod members;
mod news;
mod openapi;
mod pages;
mod real_world;
mod related;
mod relevance;
mod report_export;
mod search;
mod snapshots;
mod updates;
