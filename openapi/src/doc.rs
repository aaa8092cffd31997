//! The base OpenAPI document; the server adds every path from its handlers.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Document metadata, shared schemas and the security schemes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "hazard-api",
        description = "District workplace-safety hazard handling (安全隐患排查治理): find, grade, \
                       rectify, supervise and close hazards. Errors are RFC 9457 problem details \
                       with a stable `code`.",
        license(name = "MIT")
    ),
    modifiers(&Security),
    components(schemas(
        crate::problem::Problem,
        crate::problem::FieldProblem,
        crate::photos::PhotoSize,
        crate::stats::GroupBy,
        crate::stats::Format,
        crate::open311::Open311Format
    )),
    tags(
        (name = "auth", description = "Sign-in and tokens"),
        (name = "users", description = "Accounts (administrators)"),
        (name = "reference", description = "Streets, departments, sectors, criteria"),
        (name = "hazards", description = "Hazards, their lifecycle and photos"),
        (name = "enterprises", description = "Enterprises (生产经营单位)"),
        (name = "inspections", description = "Inspections (检查) and inspection codes"),
        (name = "sync", description = "Offline sync for phones"),
        (name = "public", description = "No sign-in needed"),
        (name = "supervision", description = "Listed supervision (挂牌督办) and enforcement"),
        (name = "tips", description = "Public tip-offs (隐患举报), as supervisors handle them"),
        (name = "stats", description = "The plan's key figures"),
        (name = "clients", description = "Third-party API clients (administrators)"),
        (name = "webhooks", description = "Webhooks for API clients (`webhooks:manage`)"),
        (name = "open311", description = "Open311 GeoReport v2 (JSON and XML), see http://wiki.open311.org/GeoReport_v2"),
        (name = "operations", description = "Health and readiness")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components
            .add_security_scheme("api_key", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))));
    }
}
