//! The organisers' view of the e-mails: the outbox's messages by state, and the
//! templates' previews.

use serde::{Deserialize, Serialize};

/// Which messages the outbox page lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxFilter {
    /// Waiting for their first delivery or for a retry.
    #[default]
    Pending,
    /// Failed at least once: waiting for a retry, or given up.
    Failed,
    Sent,
}

impl OutboxFilter {
    pub const ALL: [OutboxFilter; 3] = [
        OutboxFilter::Pending,
        OutboxFilter::Failed,
        OutboxFilter::Sent,
    ];

    /// As in the address (`?etat=…`).
    pub fn slug(self) -> &'static str {
        match self {
            OutboxFilter::Pending => "en-attente",
            OutboxFilter::Failed => "en-echec",
            OutboxFilter::Sent => "envoyes",
        }
    }

    pub fn parse(slug: &str) -> Option<OutboxFilter> {
        Self::ALL.into_iter().find(|filter| filter.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            OutboxFilter::Pending => "En attente",
            OutboxFilter::Failed => "En échec",
            OutboxFilter::Sent => "Envoyés",
        }
    }
}

/// One message as the outbox page shows it (never its text: it may hold a link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OutboxLine {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// As stored: `en_attente`, `envoye` or `abandonne`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub next_attempt_at: i64,
}

impl OutboxLine {
    pub fn state_label(&self) -> &'static str {
        match (self.status.as_str(), &self.last_error) {
            ("envoye", _) => "Envoyé",
            ("abandonne", _) => "Abandonné",
            (_, Some(_)) => "Nouvel essai prévu",
            _ => "En attente",
        }
    }

    /// Only a given-up message can be sent again by hand (the sender retries the others).
    pub fn can_retry(&self) -> bool {
        self.status == "abandonne"
    }
}

/// How many messages are in each list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxCounts {
    pub pending: i64,
    pub failed: i64,
    pub sent: i64,
}

impl OutboxCounts {
    pub fn of(self, filter: OutboxFilter) -> i64 {
        match filter {
            OutboxFilter::Pending => self.pending,
            OutboxFilter::Failed => self.failed,
            OutboxFilter::Sent => self.sent,
        }
    }
}

/// One e-mail of the platform as the organisers preview it, with made-up people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPreview {
    pub kind: String,
    /// When it is sent, in French.
    pub occasion: String,
    pub subject: String,
    pub body_text: String,
    /// The `.ics` invitation it carries, if any.
    pub invitation: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_back_from_their_slug() {
        for filter in OutboxFilter::ALL {
            assert_eq!(OutboxFilter::parse(filter.slug()), Some(filter));
        }
        assert_eq!(OutboxFilter::parse("tous"), None);
    }
}
