//! One module per aggregate; each function is one unit of work on a connection.

pub(crate) mod borrowed;
pub mod changes;
pub mod clients;
pub mod console_sessions;
pub mod deadlines;
pub mod enforcement;
pub mod enterprises;
pub mod gauges;
pub mod hazards;
pub mod idempotency;
pub mod inspections;
pub mod month_stats;
pub mod outbox;
pub mod overdue;
pub mod photos;
pub mod prepared;
pub mod rate_buckets;
pub mod reference;
pub mod sessions;
pub mod settings;
pub mod sql;
pub mod stats;
pub mod supervisions;
pub mod throttle;
pub mod tips;
pub mod tokens;
pub mod users;
pub mod webhooks;

/// A LIKE pattern matching `q` anywhere, with `%`, `_` and `\` taken literally (use
/// with `.escape('\\')`).
pub fn like_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(super::like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
