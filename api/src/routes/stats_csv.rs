//! The key figures as CSV for spreadsheets: a UTF-8 byte-order mark and Chinese headers
//! (Excel opens it as UTF-8), and for every rate its value, numerator and denominator,
//! each header naming what is counted, so a reader can recompute or re-aggregate it.

use actix_web::HttpResponse;
use hazard_openapi::stats::{Kpis, RateDto, Rates};

/// A rate's name, what its numerator and its denominator count, and where it is.
type RateColumn = (&'static str, &'static str, &'static str, fn(&Rates) -> &RateDto);

/// Each rate's columns.
const RATES: [RateColumn; 6] = [
    ("重大事故隐患整改率", "已销号的重大隐患", "发现的重大隐患", |r| {
        &r.major_rectification_rate
    }),
    ("千次检查发现率", "检查中发现的隐患", "检查次数（÷1000）", |r| {
        &r.findings_per_thousand_inspections
    }),
    ("千次检查重大隐患发现率", "检查中发现的重大隐患", "检查次数（÷1000）", |r| {
        &r.major_findings_per_thousand_inspections
    }),
    ("挂牌督办率", "挂牌督办的重大隐患", "发现的重大隐患", |r| &r.supervision_rate),
    ("约谈警示通报率", "约谈或警示通报的重大隐患", "发现的重大隐患", |r| &r.enforcement_rate),
    ("自查自纠率", "已销号的自查隐患", "自查发现的隐患", |r| &r.self_correction_rate),
];

const COUNTS: &str = "分组,开始日期,结束日期,街镇,行业,发现隐患,一般隐患,重大隐患,已销号,未销号,逾期,检查次数";

fn cell(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The header line.
pub fn header() -> String {
    let mut cols = vec![COUNTS.to_owned()];
    for (name, numerator, denominator, _) in RATES {
        cols.push(format!("{name},{name}分子：{numerator},{name}分母：{denominator}"));
    }
    cols.push("销号天数中位数".into());
    cols.join(",")
}

fn line(r: &Kpis) -> String {
    let mut cols = vec![
        quote(r.group.as_deref().unwrap_or("")),
        r.from.to_string(),
        r.to.to_string(),
        quote(r.street.as_deref().unwrap_or("")),
        quote(r.sector.as_deref().unwrap_or("")),
        r.found.total.to_string(),
        r.found.general.to_string(),
        r.found.major.to_string(),
        r.closed.to_string(),
        r.open.to_string(),
        r.overdue.to_string(),
        r.inspections.to_string(),
    ];
    for (_, _, _, rate) in RATES {
        let rate = rate(&r.rates);
        cols.extend([cell(rate.value), rate.numerator.to_string(), rate.denominator.to_string()]);
    }
    cols.push(cell(r.median_days_to_close));
    cols.join(",")
}

/// The CSV answer, offered for download as `filename`.
pub fn csv(rows: &[Kpis], filename: &str) -> HttpResponse {
    let mut out = String::from("\u{feff}");
    out.push_str(&header());
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(r));
        out.push_str("\r\n");
    }
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .body(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rate_names_its_numerator_and_denominator() {
        let h = header();
        for (name, _, _, _) in RATES {
            assert!(h.contains(&format!("{name},{name}分子：")) && h.contains(&format!("{name}分母：")), "{name}");
        }
        assert_eq!(h.split(',').count(), 12 + 3 * RATES.len() + 1);
    }
}
