//! Knowledge-base search quality and speed over the evaluation questions
//! (seed/knowledge-eval.json) on the seeded knowledge base and matters.

use std::time::{Duration, Instant};

use ipr_service::db;
use ipr_service::directory::catalogue::Catalogue;
use ipr_service::directory::knowledge::{Asker, KnowledgeBase};
use ipr_service::domain::knowledge::search::DocKey;
use ipr_service::seed;

/// Prints recall@5, MRR and latency with their targets.
pub fn run(rounds: usize) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let url = format!("sqlite://{}/kb.db", dir.display()).parse()?;
    let pool = db::connect_pool(&url, 1)?;
    let mut conn = pool.get()?;
    db::run_migrations(&mut conn)?;
    seed::run(&mut conn)?;
    let started = Instant::now();
    let catalogue = Catalogue::load(&mut conn)?;
    let load = started.elapsed();
    let kb = &catalogue.knowledge;
    let questions = seed::knowledge::evaluation()?;
    let asker = Asker {
        staff: false,
        regions: Vec::new(),
        today: Some(chrono::Utc::now().date_naive()),
    };
    let (mut found, mut reciprocal, mut times) = (0usize, 0.0f64, Vec::new());
    for q in &questions {
        let hits = kb.search(&q.question, &asker, 5);
        let rank = hits.iter().position(|(key, _, _)| {
            let id = match key {
                DocKey::Entry(id) | DocKey::Matter(id) | DocKey::Outlet(id) => id,
            };
            q.expect.iter().any(|e| **e == **id)
        });
        if let Some(r) = rank {
            found += 1;
            reciprocal += 1.0 / (r + 1) as f64;
        } else {
            println!(
                "  missed: {} (expected {:?}, got {:?})",
                q.question,
                q.expect,
                hits.iter().map(|h| h.1).collect::<Vec<_>>()
            );
        }
        for _ in 0..rounds {
            let t = Instant::now();
            std::hint::black_box(kb.search(&q.question, &asker, 5));
            times.push(t.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    let n = questions.len() as f64;
    println!("knowledge base: {} entries and matters indexed in {:.0} ms (with the segmentation dictionary)", kb.entries.len(), load.as_secs_f64() * 1000.0);
    println!(
        "recall@5 {:.3} ({found}/{}; target >= 0.90)",
        found as f64 / n,
        questions.len()
    );
    println!("MRR      {:.3} (target >= 0.75)", reciprocal / n);
    println!(
        "latency  p50 {} µs, p99 {} µs over {} searches (target p99 <= 2000 µs)",
        micros(at(0.5)),
        micros(at(0.99)),
        times.len()
    );
    for size in [10_000, 100_000] {
        scale(&catalogue, &questions, size)?;
    }
    std::fs::remove_dir_all(dir)?;
    Ok(())
}

/// Search latency over the evaluation questions with `size` entries: the
/// seeded ones copied with place names and numbers added, so the postings
/// grow as a national knowledge base's would.
fn scale(
    catalogue: &Catalogue,
    questions: &[seed::knowledge::EvaluationQuestion],
    size: usize,
) -> anyhow::Result<()> {
    const PLACES: [&str; 12] = [
        "太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁",
        "平遥",
    ];
    let seeds = seed::knowledge::entries(chrono::Utc::now())?;
    let entries: Vec<_> = (0..size)
        .map(|i| {
            let mut e = seeds[i % seeds.len()].clone();
            e.id = format!("syn-{i}");
            e.content.question = format!(
                "{}（{}第{}号）",
                e.content.question,
                PLACES[i % PLACES.len()],
                i
            );
            e
        })
        .collect();
    let started = Instant::now();
    let kb = KnowledgeBase::build(
        entries,
        catalogue
            .matters
            .values()
            .map(|m| (m.code.as_str(), &m.guide)),
    );
    let build = started.elapsed();
    let mut kb = kb;
    let mut updates = Vec::new();
    for i in (0..size).step_by(size / 200) {
        let mut e = kb.entries[&format!("syn-{i}")].clone();
        e.content.question.push_str("（已修订）");
        let t = Instant::now();
        kb.put_entry(e);
        updates.push(t.elapsed());
    }
    updates.sort();
    let update_at = |p: f64| micros(updates[((updates.len() - 1) as f64 * p) as usize]);
    let asker = Asker {
        staff: false,
        regions: Vec::new(),
        today: Some(chrono::Utc::now().date_naive()),
    };
    let mut times = Vec::new();
    for _ in 0..5 {
        for q in questions {
            let t = Instant::now();
            std::hint::black_box(kb.search(&q.question, &asker, 5));
            times.push(t.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| micros(times[((times.len() - 1) as f64 * p) as usize]);
    println!(
        "{size} entries: index built in {:.1} s; search p50 {} µs, p99 {} µs (target at 100,000: p99 <= 20,000 µs); one entry saved and reindexed p50 {} µs, p99 {} µs",
        build.as_secs_f64(),
        at(0.5),
        at(0.99),
        update_at(0.5),
        update_at(0.99)
    );
    Ok(())
}

fn micros(d: Duration) -> u128 {
    d.as_micros()
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("ipr-bench-kb-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
