//! The bottom layer of the services: lookups and recorders that every use
//! case needs, and that import no use case. Inside the layer the order is
//! `people` → `access` → `audit` → `notify` → `content` → `items` →
//! `screen` → `pinned` → `standing` → `reading` → `drafts` → `mail` → `conversations`: a module uses only modules to its
//! left. The use cases (`services::*` outside `base`) call down into this
//! layer and never into each other; `tests::layering` holds both rules.

pub mod access;
pub mod audit;
pub mod content;
pub mod conversations;
pub mod drafts;
pub mod items;
pub mod mail;
pub mod notify;
pub mod people;
pub mod pinned;
pub mod reading;
pub mod screen;
pub mod standing;
