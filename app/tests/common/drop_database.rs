//! Shared by the app's and the server's integration tests.

use sea_orm::{ConnectionTrait, Database};

/// Drops a PostgreSQL test database from a fresh runtime on its own thread:
/// `Drop` runs during a failed assertion's unwinding too, when no async
/// cleanup can be awaited.
pub fn drop_database_now(admin: String, name: String) {
    let _ = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            if let Ok(admin) = Database::connect(admin).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
                let _ = admin.close().await;
            }
        });
    })
    .join();
}
