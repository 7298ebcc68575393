//! Haven's schema. Each step is a `m{YYYYMMDD_HHMMSS}_{what}.rs` file with a
//! real `down`; an applied migration is never edited, a change is a new step.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_moderation;
mod m20261123_000003_revisions_appeals;
mod m20261123_000004_pins_policy;
mod m20261123_000005_filter_rules;
mod m20261123_000006_filter_actions;
mod m20261123_000007_search;
mod m20261123_000008_search_outbox;
mod m20261202_000009_open_item_invariants;
mod m20261202_000010_account_states;
mod m20261202_000011_forum_topic_counts;
mod m20261203_000012_hidden_reason;
mod m20261203_000013_queue_alerts;
mod m20261203_000014_self_care;
mod m20261203_000015_reading_drafts;
mod m20261203_000016_email;
mod m20261203_000017_messages;
mod m20261203_000018_message_reports;
mod m20261203_000019_message_revisions;
mod m20261203_000020_message_filter_events;

/// Runs raw SQL statements in order (the steps whose SQL differs by backend).
async fn run(m: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::ConnectionTrait;
    let db = m.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Runs Haven's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_moderation::Migration),
            Box::new(m20261123_000003_revisions_appeals::Migration),
            Box::new(m20261123_000004_pins_policy::Migration),
            Box::new(m20261123_000005_filter_rules::Migration),
            Box::new(m20261123_000006_filter_actions::Migration),
            Box::new(m20261123_000007_search::Migration),
            Box::new(m20261123_000008_search_outbox::Migration),
            Box::new(m20261202_000009_open_item_invariants::Migration),
            Box::new(m20261202_000010_account_states::Migration),
            Box::new(m20261202_000011_forum_topic_counts::Migration),
            Box::new(m20261203_000012_hidden_reason::Migration),
            Box::new(m20261203_000013_queue_alerts::Migration),
            Box::new(m20261203_000014_self_care::Migration),
            Box::new(m20261203_000015_reading_drafts::Migration),
            Box::new(m20261203_000016_email::Migration),
            Box::new(m20261203_000017_messages::Migration),
            Box::new(m20261203_000018_message_reports::Migration),
            Box::new(m20261203_000019_message_revisions::Migration),
            Box::new(m20261203_000020_message_filter_events::Migration),
        ]
    }
}
