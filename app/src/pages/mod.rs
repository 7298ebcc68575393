//! One module per page: its component and the server functions it calls.

pub mod account;
pub mod audit;
pub mod auth;
pub mod composer;
pub mod email;
pub mod filters;
pub mod forum;
pub mod guidelines;
pub mod help;
pub mod history;
pub mod home;
pub mod messages;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod search;
pub mod topic;
