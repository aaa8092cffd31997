//! Listed supervision (挂牌督办), escalation (提级), lifting (摘牌), the supervision
//! board, and enforcement actions.

pub mod board;
pub mod enforcement;
pub mod escalate;
pub mod lift;
pub mod list;
