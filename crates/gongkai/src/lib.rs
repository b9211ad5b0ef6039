//! gongkai core library.

pub mod calendar;
pub mod date;
pub mod formats;
