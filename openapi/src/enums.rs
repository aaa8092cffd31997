//! Wire enums. They mirror the domain's vocabulary one to one; the conversions are the
//! only place the two meet, so a new domain variant fails to compile here until it is named.

use hazard_domain::hazard::{Grade, Source, Status};
use hazard_domain::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident <=> $domain:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl From<$name> for $domain {
            fn from(v: $name) -> Self { match v { $($name::$variant => $domain::$variant),+ } }
        }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self { match v { $($domain::$variant => $name::$variant),+ } }
        }
    };
}

wire_enum! {
    /// Account role.
    RoleDto <=> Role {
        /// 检查员: files hazards, orders and reviews general ones.
        Inspector,
        /// 督办人: grades, supervises, extends, reviews major hazards.
        Supervisor,
        /// 生产经营单位: self-reports and submits evidence for its own hazards.
        Enterprise,
        /// Administrator: accounts and reference data.
        Admin,
    }
}

wire_enum! {
    /// Hazard grade: 一般 (general) or 重大 (major) 事故隐患.
    GradeDto <=> Grade {
        /// 一般事故隐患.
        General,
        /// 重大事故隐患: cites a criterion (判定依据).
        Major,
    }
}

wire_enum! {
    /// Lifecycle status.
    StatusDto <=> Status {
        /// 已上报.
        Reported,
        /// 整改中.
        Rectifying,
        /// 待复查.
        PendingReview,
        /// 已销号.
        Closed,
        /// 不属实/已撤销.
        Invalid,
    }
}

wire_enum! {
    /// How the hazard became known.
    SourceDto <=> Source {
        /// Found in an inspection.
        Inspection,
        /// Enterprise self-inspection (自查).
        SelfCheck,
        /// Verified public tip-off (举报).
        PublicTip,
        /// Anything else.
        Other,
    }
}
