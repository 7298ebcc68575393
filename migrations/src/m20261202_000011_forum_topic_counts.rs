//! Each forum keeps its count of published topics, so the forums list
//! (the home page) reads one row per forum instead of counting every topic
//! on every view. New topics published at once add one in the same
//! transaction; a periodic refresh recounts every forum, which also brings
//! holds, approvals and rejections in (Discourse refreshes its category
//! statistics the same way).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Forums {
    Table,
    TopicCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Forums::Table)
                    .add_column(
                        ColumnDef::new(Forums::TopicCount)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE forums SET topic_count = (SELECT COUNT(*) FROM topics t \
                 WHERE t.forum_id = forums.id AND t.review IS NULL)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Forums::Table)
                    .drop_column(Forums::TopicCount)
                    .to_owned(),
            )
            .await
    }
}
