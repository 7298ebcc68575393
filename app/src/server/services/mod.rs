//! Domain services. Each use case reads top to bottom:
//! validate → check permission → write → notify → return a browser type.

pub mod accounts;
pub mod appeals;
pub mod audit;
pub mod filters;
pub mod forums;
pub mod moderation;
pub mod notifications;
pub mod pins;
pub mod policy;
pub mod posts;
pub mod revisions;
pub mod search;
pub mod topics;
