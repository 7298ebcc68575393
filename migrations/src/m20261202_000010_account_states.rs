//! Account states are `active` or `suspended`: the only two anything
//! writes. The foundation's comment also named `break` and `deactivated`,
//! which no code ever set; any such row (only possible by hand) becomes
//! `active`, so every stored value decodes into `AccountState`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET account_state = 'active', suspended_until = NULL \
                 WHERE account_state NOT IN ('active', 'suspended')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: the states removed were never written.
        Ok(())
    }
}
