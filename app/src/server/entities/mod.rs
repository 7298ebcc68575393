//! SeaORM entities: one module per table. These are database rows; what the
//! browser sees is built from them in `crate::model`.

pub mod appeal;
pub mod audit_log;
pub mod conversation;
pub mod conversation_member;
pub mod draft;
pub mod email_outbox;
pub mod email_setting;
pub mod email_token;
pub mod filter_event;
pub mod filter_rule;
pub mod flag;
pub mod forum;
pub mod forum_mentor;
pub mod message;
pub mod message_report;
pub mod message_revision;
pub mod notification;
pub mod pin_dismissal;
pub mod policy_ack;
pub mod post;
pub mod post_revision;
pub mod queue_item;
pub mod sanction;
pub mod session;
pub mod topic;
pub mod topic_read;
pub mod upvote;
pub mod user;
pub mod user_block;
