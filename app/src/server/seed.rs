//! Demo content, loaded on the first start of an empty database, and
//! synthetic content for load tests (`haven seed --topics N`).

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

use crate::error::AppResult;
use crate::model::{Restriction, Role};
use crate::server::entities::{forum, user};
use crate::server::now;
use crate::server::permissions::Viewer;
use crate::server::services::base::people;
use crate::server::services::{accounts, pins, posts, topics};

/// See [`PEOPLE`].
const TEEN: &str = "teen";

/// A birth date `years` old today (a day past the birthday).
pub fn born_years_ago(years: u32) -> String {
    let today = chrono::Utc::now().date_naive();
    let birthday = today
        .checked_sub_months(chrono::Months::new(years * 12))
        .unwrap_or(today);
    (birthday - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string()
}

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "haven-demo-2026";

/// Demo people: (name, role, listener, birth date, mentors forum slug).
/// `TEEN` stands for a birth date that makes the person 15 today, so the
/// demo teen stays a teen whatever the year.
const PEOPLE: &[(&str, Role, bool, &str, Option<&str>)] = &[
    ("sam_staff", Role::Staff, false, "1985-04-02", None),
    ("lea_leader", Role::GlobalLeader, true, "1990-09-14", None),
    (
        "mo_mentor",
        Role::Member,
        true,
        "1994-01-30",
        Some("depression-support"),
    ),
    (
        "tara_teenmentor",
        Role::Member,
        true,
        "1992-06-11",
        Some("teen-support"),
    ),
    ("lee_listener", Role::Member, true, "1998-03-08", None),
    ("max_member", Role::Member, false, "2000-12-01", None),
    ("tia_teen", Role::Member, false, TEEN, None),
];

/// Forums: (slug, name, description, restriction).
const FORUMS: &[(&str, &str, &str, Restriction)] = &[
    (
        "community-guidelines",
        "Community Guidelines",
        "How we keep Haven safe and kind. Staff post here; everyone can ask questions in the replies.",
        Restriction::StaffWrite,
    ),
    (
        "depression-support",
        "Depression Support",
        "Low days, long nights, small wins. Share what you're carrying.",
        Restriction::Open,
    ),
    (
        "anxiety-and-stress",
        "Anxiety & Stress",
        "Panic, worry, exams, work: talk it through with people who get it.",
        Restriction::Open,
    ),
    (
        "teen-support",
        "Teen Support",
        "A space for members under 18.",
        Restriction::TeensOnly,
    ),
    (
        "listener-lounge",
        "Listener Lounge",
        "For volunteer listeners: debrief, swap tips, look after yourselves.",
        Restriction::ListenersOnly,
    ),
];

/// Topics: (forum slug, author, title, body, replies as (author, body)).
type DemoTopic = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
const TOPICS: &[DemoTopic] = &[
    (
        "community-guidelines",
        "sam_staff",
        "Welcome to Haven: please read before posting",
        "Haven is a peer-support community. **Be kind, stay anonymous, and keep conversations here.**\n\n\
         1. Don't share or ask for contact details (phone numbers, e-mail, social media). Moving a chat off-site removes the protections this place has.\n\
         2. No sexual chat or flirting. Talking *about* sexual problems or abuse is welcome; making it personal is not.\n\
         3. If you are in danger right now, contact your local emergency number or a crisis line.\n\n\
         Use the **Flag** button beside a post when something feels wrong: mentors and leaders will look at it, and you will be told what happened.",
        &[
            (
                "max_member",
                "Thanks @sam_staff, this is clear. What happens after I flag something?",
            ),
            (
                "lea_leader",
                "A mentor of that forum (or one of us leaders) reviews it, usually within a day, and you get a notification with the outcome. :heart:",
            ),
        ],
    ),
    (
        "depression-support",
        "max_member",
        "Hard week, small win",
        "This week has been heavy. I couldn't get out of bed on Tuesday. Today I managed a short walk and made soup. Posting it here so it counts.",
        &[
            (
                "lee_listener",
                "It counts. A walk *and* soup on a heavy week is a lot. How are you feeling this evening?",
            ),
            (
                "mo_mentor",
                "Proud of you for posting this, @max_member. Small wins are how the heavy weeks end.",
            ),
        ],
    ),
    (
        "anxiety-and-stress",
        "lee_listener",
        "Grounding techniques that help you",
        "When panic starts I use 5-4-3-2-1: five things I can see, four I can touch, three I can hear, two I can smell, one I can taste. What works for you?",
        &[(
            "max_member",
            "Box breathing: in for 4, hold 4, out 4, hold 4. Counting keeps my head busy.",
        )],
    ),
    (
        "teen-support",
        "tia_teen",
        "Exams are stressing me out",
        "Finals start in two weeks and I feel like I can't remember anything. Does anyone else get this?",
        &[(
            "tara_teenmentor",
            "That feeling is really common before exams, @tia_teen. Want to share how you're revising? Short sessions with breaks help a lot of people.",
        )],
    ),
    (
        "listener-lounge",
        "lea_leader",
        "Debrief thread: look after yourselves",
        "Listening to heavy stories takes something out of you. Post here when you need to offload after a chat (no identifying details, please).",
        &[],
    ),
];

/// Loads the demo content when the database has no forums yet (a staff
/// account made with `create-staff` beforehand does not count). Returns
/// whether it did.
/// The demo accounts in the database that still open with the published
/// demo password (an account whose password was changed is no risk).
pub async fn exposed_demo_accounts(db: &DatabaseConnection) -> AppResult<Vec<String>> {
    let mut exposed = Vec::new();
    for (name, ..) in PEOPLE {
        if accounts::authenticate(db, name, DEMO_PASSWORD)
            .await
            .is_ok()
        {
            exposed.push((*name).to_string());
        }
    }
    Ok(exposed)
}

pub async fn demo_if_empty(db: &DatabaseConnection) -> AppResult<bool> {
    if forum::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    for (position, (slug, name, description, restriction)) in FORUMS.iter().enumerate() {
        forum::ActiveModel {
            slug: Set((*slug).into()),
            name: Set((*name).into()),
            description: Set((*description).into()),
            position: Set(position as i32),
            restriction: Set(*restriction),
            created_at: Set(now()),
            topic_count: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (name, role, listener, birth, mentors) in PEOPLE {
        let person = accounts::create_account(
            db,
            accounts::Registration {
                username: (*name).into(),
                password: DEMO_PASSWORD.into(),
                birth_date: if *birth == TEEN {
                    born_years_ago(15)
                } else {
                    (*birth).into()
                },
            },
            *role,
            *listener,
        )
        .await?;
        if let Some(slug) = mentors {
            let forum = by_slug(db, slug).await?;
            accounts::assign_mentor(db, person.id, forum.id).await?;
        }
        // The demo is a community that has been going for a while: its
        // people are not new accounts (which may not start conversations).
        user::Entity::update_many()
            .col_expr(
                user::Column::CreatedAt,
                sea_orm::sea_query::Expr::value(now() - chrono::Duration::days(60)),
            )
            .filter(user::Column::Id.eq(person.id))
            .exec(db)
            .await?;
    }
    for (slug, author, title, body, replies) in TOPICS {
        let author = viewer(db, author).await?;
        let topic_id = topics::create(db, Some(&author), slug, title, body).await?;
        if *slug == "community-guidelines" {
            // The welcome post sits at the top of every forum.
            pins::pin(db, Some(&author), topic_id, pins::Scope::Global, 0, None).await?;
        }
        for (replier, text) in replies.iter() {
            let replier = viewer(db, replier).await?;
            posts::reply(db, Some(&replier), topic_id, text).await?;
        }
    }
    Ok(true)
}

async fn by_slug(db: &DatabaseConnection, slug: &str) -> AppResult<forum::Model> {
    forum::Entity::find()
        .filter(forum::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

async fn viewer(db: &DatabaseConnection, name: &str) -> AppResult<Viewer> {
    let person = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(name.to_lowercase()))
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    people::load_viewer(db, person.id)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

/// Adds `topics` synthetic topics with `replies` replies each to an open
/// forum, written by the demo members, with a progress bar on stderr.
pub async fn synthetic(db: &DatabaseConnection, topic_count: u64, replies: u64) -> AppResult<()> {
    demo_if_empty(db).await?;
    let authors = [
        viewer(db, "max_member").await?,
        viewer(db, "lee_listener").await?,
    ];
    let bar = indicatif::ProgressBar::new(topic_count * (replies + 1));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} posts  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for n in 0..topic_count {
        let author = &authors[(n % 2) as usize];
        let topic_id = topics::create(
            db,
            Some(author),
            "depression-support",
            &format!("Synthetic topic {n}: checking in"),
            &format!("Synthetic post {n}. Some days are harder than others; writing helps."),
        )
        .await?;
        bar.inc(1);
        for r in 0..replies {
            let replier = &authors[((n + r + 1) % 2) as usize];
            posts::reply(
                db,
                Some(replier),
                topic_id,
                &format!("Reply {r} to topic {n}: you're not alone."),
            )
            .await?;
            bar.inc(1);
        }
    }
    bar.finish();
    Ok(())
}
