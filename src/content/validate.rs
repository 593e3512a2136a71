//! Checks that need more than one field or more than one file.

use super::load::Site;
use crate::diagnostic::Report;

pub fn validate(_site: &Site, _report: &mut Report) {}
