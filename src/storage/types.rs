//! The domain's types as SQLite values, so rows are read and written as
//! what they are — an id, a status, a role, a day, a time — and a stored
//! value that is not one is reported as a damaged value, never cast.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};
use uuid::Uuid;

use crate::domain::{
    AssessmentId, ItemId, Rag, Role, Score, Status,
    signing::{PublicKey, Signature},
};

fn text(value: ValueRef<'_>) -> FromSqlResult<&str> {
    value.as_str()
}

fn invalid(what: &str, found: &str) -> FromSqlError {
    FromSqlError::Other(format!("{what} “{found}”").into())
}

/// A value read from, or written to, one column as text: `parse` and
/// `Display` are its two directions.
macro_rules! as_text {
    ($type:ty, $what:literal, $write:expr) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                let write: fn(&$type) -> String = $write;
                Ok(ToSqlOutput::from(write(self)))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let found = text(value)?;
                found.parse().map_err(|_| invalid($what, found))
            }
        }
    };
}

as_text!(AssessmentId, "assessment id", |id| id.to_string());
as_text!(Status, "status", |status| status.as_str().to_owned());
as_text!(Role, "role", |role| role.as_str().to_owned());
as_text!(Rag, "action status", |rag| rag.as_str().to_owned());

impl ToSql for ItemId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for ItemId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(ItemId::new(text(value)?))
    }
}

impl ToSql for Score {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.value())))
    }
}

impl FromSql for Score {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let number = value.as_i64()?;
        Score::try_from(number).map_err(|_| invalid("score", &number.to_string()))
    }
}

/// An id kept as text: a change's, an entry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Id(pub Uuid);

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Id {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let found = text(value)?;
        Uuid::parse_str(found).map(Id).map_err(|_| invalid("id", found))
    }
}

/// A day kept as `YYYY-MM-DD`, or empty text for none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Day(pub Option<Date>);

impl ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(crate::domain::challenge::format_date(self.0)))
    }
}

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let found = text(value)?;
        crate::domain::challenge::parse_date(found)
            .map(Day)
            .map_err(|_| invalid("date", found))
    }
}

/// A moment kept as RFC 3339 in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Moment(pub OffsetDateTime);

impl ToSql for Moment {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(super::read::now_text(self.0)))
    }
}

impl FromSql for Moment {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let found = text(value)?;
        OffsetDateTime::parse(found, &Rfc3339)
            .map(Moment)
            .map_err(|_| invalid("time", found))
    }
}

impl ToSql for PublicKey {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.bytes().as_slice()))
    }
}

impl FromSql for PublicKey {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        <[u8; 32]>::try_from(value.as_blob()?)
            .map(PublicKey::from_bytes)
            .map_err(|_| invalid("key", "of the wrong length"))
    }
}

impl ToSql for Signature {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.bytes().as_slice()))
    }
}

impl FromSql for Signature {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        <[u8; 64]>::try_from(value.as_blob()?)
            .map(Signature::from_bytes)
            .map_err(|_| invalid("signature", "of the wrong length"))
    }
}
