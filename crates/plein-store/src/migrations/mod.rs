//! Schema migrations, written per backend so each gets its own types and triggers.

use sea_orm_migration::prelude::*;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(SqlMigration {
                name: "m0001_accounts",
                sqlite: include_str!("../../migrations/sqlite/0001_accounts.sql"),
                postgres: include_str!("../../migrations/postgres/0001_accounts.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0002_organisation",
                sqlite: include_str!("../../migrations/sqlite/0002_organisation.sql"),
                postgres: include_str!("../../migrations/postgres/0002_organisation.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0003_guests",
                sqlite: include_str!("../../migrations/sqlite/0003_guests.sql"),
                postgres: include_str!("../../migrations/postgres/0003_guests.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0004_profiles",
                sqlite: include_str!("../../migrations/sqlite/0004_profiles.sql"),
                postgres: include_str!("../../migrations/postgres/0004_profiles.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0005_photos",
                sqlite: include_str!("../../migrations/sqlite/0005_photos.sql"),
                postgres: include_str!("../../migrations/postgres/0005_photos.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0006_accounts_images",
                sqlite: include_str!("../../migrations/sqlite/0006_accounts_images.sql"),
                postgres: include_str!("../../migrations/postgres/0006_accounts_images.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0007_stream",
                sqlite: include_str!("../../migrations/sqlite/0007_stream.sql"),
                postgres: include_str!("../../migrations/postgres/0007_stream.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0008_social",
                sqlite: include_str!("../../migrations/sqlite/0008_social.sql"),
                postgres: include_str!("../../migrations/postgres/0008_social.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0009_post_pictures",
                sqlite: include_str!("../../migrations/sqlite/0009_post_pictures.sql"),
                postgres: include_str!("../../migrations/postgres/0009_post_pictures.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0010_session_ends",
                sqlite: include_str!("../../migrations/sqlite/0010_session_ends.sql"),
                postgres: include_str!("../../migrations/postgres/0010_session_ends.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0011_audit_repeats",
                sqlite: include_str!("../../migrations/sqlite/0011_audit_repeats.sql"),
                postgres: include_str!("../../migrations/postgres/0011_audit_repeats.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0012_jobs",
                sqlite: include_str!("../../migrations/sqlite/0012_jobs.sql"),
                postgres: include_str!("../../migrations/postgres/0012_jobs.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0013_changes",
                sqlite: include_str!("../../migrations/sqlite/0013_changes.sql"),
                postgres: include_str!("../../migrations/postgres/0013_changes.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0014_expertise_changes",
                sqlite: include_str!("../../migrations/sqlite/0014_expertise_changes.sql"),
                postgres: include_str!("../../migrations/postgres/0014_expertise_changes.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0015_places_and_questions",
                sqlite: include_str!("../../migrations/sqlite/0015_places_and_questions.sql"),
                postgres: include_str!("../../migrations/postgres/0015_places_and_questions.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0016_member_post_counts",
                sqlite: include_str!("../../migrations/sqlite/0016_member_post_counts.sql"),
                postgres: include_str!("../../migrations/postgres/0016_member_post_counts.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0017_changes_pruned",
                sqlite: include_str!("../../migrations/sqlite/0017_changes_pruned.sql"),
                postgres: include_str!("../../migrations/postgres/0017_changes_pruned.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0018_news",
                sqlite: include_str!("../../migrations/sqlite/0018_news.sql"),
                postgres: include_str!("../../migrations/postgres/0018_news.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0019_branding",
                sqlite: include_str!("../../migrations/sqlite/0019_branding.sql"),
                postgres: include_str!("../../migrations/postgres/0019_branding.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0020_news_reactions",
                sqlite: include_str!("../../migrations/sqlite/0020_news_reactions.sql"),
                postgres: include_str!("../../migrations/postgres/0020_news_reactions.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0021_news_mark",
                sqlite: include_str!("../../migrations/sqlite/0021_news_mark.sql"),
                postgres: include_str!("../../migrations/postgres/0021_news_mark.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0022_news_comment_reports",
                sqlite: include_str!("../../migrations/sqlite/0022_news_comment_reports.sql"),
                postgres: include_str!("../../migrations/postgres/0022_news_comment_reports.sql"),
            }),
            Box::new(SqlMigration {
                name: "m0023_space_cards_mark",
                sqlite: include_str!("../../migrations/sqlite/0023_space_cards_mark.sql"),
                postgres: include_str!("../../migrations/postgres/0023_space_cards_mark.sql"),
            }),
        ]
    }
}

/// A migration given as one SQL script per backend.
struct SqlMigration {
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

impl MigrationName for SqlMigration {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SqlMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = crate::Backend::of(manager.get_database_backend()).script(self.sqlite, self.postgres);
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }
}
