//! Search latency on the embedded index (SQLite FTS5) with 200 000 posts.
//! Not a timed test: it prints percentiles for a person to read.
//!
//! `cargo bench -p app --features ssr --bench search_latency`
//! (HAVEN_BENCH_POSTS changes the number of posts; HAVEN_BENCH_DB=path keeps
//! the seeded file.)

use std::time::{Duration, Instant};

use app::model::{Restriction, Role, SearchQuery};
use app::server::entities::{forum, post, topic};
use app::server::services::accounts::{self, Registration};
use app::server::services::search;
use app::server::{connect_and_migrate, now};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};

/// Words people write in a peer-support forum, and filler.
const WORDS: &[&str] = &[
    "anxiety",
    "panic",
    "breathing",
    "sleep",
    "exams",
    "school",
    "work",
    "family",
    "friends",
    "lonely",
    "tired",
    "hope",
    "therapy",
    "medication",
    "walk",
    "music",
    "journal",
    "grounding",
    "calm",
    "night",
    "morning",
    "stress",
    "worry",
    "support",
    "listen",
    "talk",
    "feel",
    "better",
    "worse",
    "today",
    "week",
    "month",
    "again",
    "help",
    "thanks",
    "kind",
    "small",
    "win",
    "routine",
    "appetite",
    "energy",
    "focus",
    "crying",
    "angry",
    "scared",
    "safe",
    "plan",
    "counsellor",
    "doctor",
    "partner",
    "parents",
    "sister",
    "brother",
    "dog",
    "cat",
    "garden",
    "rain",
    "sunlight",
    "tea",
    "shower",
    "bed",
    "phone",
    "screen",
    "social",
    "group",
    "meeting",
];
const FILLER: &[&str] = &[
    "the", "a", "and", "i", "it", "to", "of", "my", "is", "was", "that", "so", "but", "me",
];

fn sentence(rng: &mut StdRng, words: usize) -> String {
    (0..words)
        .map(|i| {
            if i % 2 == 0 {
                FILLER[rng.random_range(0..FILLER.len())]
            } else {
                WORDS[rng.random_range(0..WORDS.len())]
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let posts: usize = std::env::var("HAVEN_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    // HAVEN_BENCH_DB keeps the seeded file (for looking at query plans).
    let dir = tempfile::tempdir()?;
    let path = std::env::var("HAVEN_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("bench.db"));
    let db = connect_and_migrate(&format!("sqlite://{}", path.display())).await?;
    let forum = forum::ActiveModel {
        slug: Set("talk".into()),
        name: Set("Talk".into()),
        description: Set(String::new()),
        position: Set(0),
        restriction: Set(Restriction::Open),
        created_at: Set(now()),
        topic_count: Set(0),
        ..Default::default()
    }
    .insert(&db)
    .await?;
    let author = accounts::create_account(
        &db,
        Registration {
            username: "bench_author".into(),
            password: "a long enough password".into(),
            birth_date: "1990-01-01".into(),
        },
        Role::Member,
        false,
    )
    .await?;

    let mut rng = StdRng::seed_from_u64(7);
    let per_topic = 10;
    let started = Instant::now();
    let mut written = 0;
    while written < posts {
        let txn = db.begin().await?;
        for _ in 0..100 {
            let at = now();
            let t = topic::ActiveModel {
                forum_id: Set(forum.id),
                author_id: Set(author.id),
                title: Set(sentence(&mut rng, 7)),
                post_count: Set(per_topic),
                locked: Set(false),
                created_at: Set(at),
                last_post_at: Set(at),
                pin_scope: Set(None),
                pin_position: Set(0),
                pinned_until: Set(None),
                policy_updated_at: Set(None),
                review: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let rows = (1..=per_topic).map(|number| {
                let length = rng.random_range(12..80);
                let body = sentence(&mut rng, length);
                post::ActiveModel {
                    topic_id: Set(t.id),
                    author_id: Set(author.id),
                    number: Set(number),
                    body_html: Set(format!("<p>{body}</p>")),
                    body_source: Set(body),
                    upvote_count: Set(0),
                    created_at: Set(at),
                    updated_at: Set(None),
                    hidden_at: Set(None),
                    version: Set(1),
                    edited_by: Set(None),
                    review: Set(None),
                    ..Default::default()
                }
            });
            post::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec(&txn)
                .await?;
            written += per_topic as usize;
        }
        txn.commit().await?;
    }
    println!(
        "seeded {written} posts in {:.1}s",
        started.elapsed().as_secs_f64()
    );

    // One- and two-word queries, a few with a typo, as people type them.
    let mut queries: Vec<String> = Vec::new();
    for i in 0..300 {
        let a = WORDS[rng.random_range(0..WORDS.len())];
        let b = WORDS[rng.random_range(0..WORDS.len())];
        queries.push(match i % 3 {
            0 => a.to_string(),
            1 => format!("{a} {b}"),
            _ => {
                // Swap two inner letters: a typo the correction must fix.
                let mut chars: Vec<char> = a.chars().collect();
                if chars.len() > 4 {
                    chars.swap(2, 3);
                }
                chars.into_iter().collect()
            }
        });
    }
    let report = |label: String, mut times: Vec<Duration>| {
        times.sort();
        println!(
            "{label}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(&times, 0.50).as_secs_f64() * 1000.0,
            percentile(&times, 0.95).as_secs_f64() * 1000.0,
            percentile(&times, 0.99).as_secs_f64() * 1000.0,
            times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        );
    };
    // As the server does at start-up: the vocabulary snapshot for typos.
    let engine = search::Engine::embedded();
    let started = Instant::now();
    engine.prepare(&db).await?;
    println!(
        "read the vocabulary snapshot in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for sort in [None, Some("newest")] {
        let mut times = Vec::with_capacity(queries.len());
        let mut by_kind: [Vec<Duration>; 3] = Default::default();
        let mut hits = 0;
        for (i, q) in queries.iter().enumerate() {
            let query = SearchQuery {
                q: q.clone(),
                sort: sort.map(str::to_string),
                ..Default::default()
            };
            let start = Instant::now();
            let results = search::search(&db, &engine, None, &query).await?;
            let took = start.elapsed();
            times.push(took);
            by_kind[i % 3].push(took);
            hits += results.hits.len();
        }
        let order = sort.unwrap_or("most relevant first");
        report(
            format!("{} queries, {order} ({hits} hits shown)", queries.len()),
            times,
        );
        for (kind, times) in ["one word", "two words", "one word with a typo"]
            .into_iter()
            .zip(by_kind)
        {
            report(format!("  {kind}"), times);
        }
    }
    // Words nobody wrote, each starting like common ones: nothing is found,
    // and the snapshot offers no correction, so the live index is asked
    // (the slow path of typo correction). Reported apart from the mix.
    let mut times = Vec::new();
    for (i, w) in WORDS.iter().enumerate() {
        let query = SearchQuery {
            q: format!("{}qxvkj{}", &w[..1], ["a", "b", "c"][i % 3]),
            ..Default::default()
        };
        let start = Instant::now();
        let results = search::search(&db, &engine, None, &query).await?;
        times.push(start.elapsed());
        assert!(results.hits.is_empty() && results.corrected.is_none());
    }
    report(
        format!(
            "{} searches for words nobody wrote (nothing found)",
            times.len()
        ),
        times,
    );
    Ok(())
}
