//! The service's contact book: add, read, change, delete, list and tag contacts; import a
//! CSV (preview, per-row errors, one commit) and export one; what WhatsApp says of a number.

use mostrador_store::{ContactRow, Saved, row_of as as_row};
use mostrador_types::{
    Contact, ContactImport, ContactInfo, ContactInput, ContactsChanged, Event, ImportRowError,
    Page, TagCount,
};

use super::Service;
use crate::batches::BatchRecipient;
use crate::engine::UserInfo;
use crate::input::{ContactParams, ImportParams};
use crate::{Code, Error, Result, contacts};

impl Service {
    pub async fn create_contact(&self, input: ContactInput) -> Result<Contact> {
        let row = contacts::apply(None, &input, self.country())?;
        let id = self.contact_id();
        let made = saved(
            self.store
                .insert_contact(id, row, self.clock.now_ms())
                .await?,
        )?;
        self.contacts_changed(Some(&made.id));
        Ok(made)
    }

    pub async fn contact(&self, id: &str) -> Result<Contact> {
        self.store
            .contact(id)
            .await?
            .ok_or_else(|| Error::new(Code::NotFound, format!("no contact {id:?}")))
    }

    /// Changes what `input` names; the rest stays.
    pub async fn change_contact(&self, id: &str, input: ContactInput) -> Result<Contact> {
        let current = self.contact(id).await?;
        // Judged here, before the writer: a bad field is the caller's error, not a store's.
        contacts::apply(Some(&as_row(&current)), &input, self.country())?;
        let country = self.country();
        let change = move |c: &Contact| {
            contacts::apply(Some(&as_row(c)), &input, country).unwrap_or_else(|_| as_row(c))
        };
        let changed = saved(
            self.store
                .change_contact(id.to_owned(), change, self.clock.now_ms())
                .await?,
        )?;
        self.contacts_changed(Some(id));
        Ok(changed)
    }

    pub async fn delete_contact(&self, id: &str) -> Result<()> {
        if self.store.delete_contact(id).await? {
            self.contacts_changed(Some(id));
            Ok(())
        } else {
            Err(Error::new(Code::NotFound, format!("no contact {id:?}")))
        }
    }

    pub async fn contacts(&self, params: ContactParams) -> Result<Page<Contact>> {
        Ok(self.store.contacts(params.into_query()?).await?)
    }

    /// Adds `tags` to a contact (those it has stay).
    pub async fn tag_contact(&self, id: &str, tags: Vec<String>) -> Result<Contact> {
        let add = contacts::tags(&tags)?;
        let current = self.contact(id).await?;
        let mut all = current.tags.clone();
        all.extend(add);
        self.change_contact(
            id,
            ContactInput {
                tags: Some(all),
                ..ContactInput::default()
            },
        )
        .await
    }

    pub async fn untag_contact(&self, id: &str, tag: &str) -> Result<Contact> {
        let tag = contacts::tag(tag)?;
        let current = self.contact(id).await?;
        let rest = current.tags.into_iter().filter(|t| *t != tag).collect();
        self.change_contact(
            id,
            ContactInput {
                tags: Some(rest),
                ..ContactInput::default()
            },
        )
        .await
    }

    /// Every tag in use, with how many contacts have it.
    pub async fn contact_tags(&self) -> Result<Vec<TagCount>> {
        let all = self.store.contact_tags().await?;
        Ok(all
            .into_iter()
            .map(|(tag, contacts)| TagCount { tag, contacts })
            .collect())
    }

    /// Reads a CSV of contacts; imports it (one commit) unless `dry_run`. Numbers already in
    /// the book, or repeated in the file, are merged.
    pub async fn import_contacts(&self, csv: &[u8], how: ImportParams) -> Result<ContactImport> {
        let (header, rows) = crate::csv::table(csv)?;
        if rows.len() > contacts::MAX_IMPORT_ROWS {
            return Err(Error::invalid(format!(
                "at most {} rows per import; this file has {}",
                contacts::MAX_IMPORT_ROWS,
                rows.len()
            )));
        }
        let columns = contacts::Columns::find(&header)?;
        let country = self.country();
        let mut report = ContactImport {
            dry_run: how.dry_run,
            ..ContactImport::default()
        };
        let mut good: Vec<ContactRow> = Vec::new();
        for (line, row) in rows {
            report.rows += 1;
            let input = columns.input(&row);
            match contacts::apply(None, &input, country) {
                Ok(c) => match good.iter_mut().find(|g| g.phone == c.phone) {
                    Some(earlier) => *earlier = mostrador_store::merged(earlier, &c),
                    None => good.push(c),
                },
                Err(e) => report.errors.push(ImportRowError {
                    line,
                    input: input.phone.unwrap_or_default(),
                    message: e.message,
                }),
            }
        }
        let known = self
            .store
            .known_phones(good.iter().map(|c| c.phone.clone()).collect())
            .await?;
        let distinct = u32::try_from(good.len()).unwrap_or(u32::MAX);
        let added = u32::try_from(good.iter().filter(|c| !known.contains(&c.phone)).count())
            .unwrap_or(u32::MAX);
        report.added = added;
        report.merged = report.rows - report.errors.len() as u32 - added;
        let refused = !report.errors.is_empty() && !how.skip_invalid;
        if how.dry_run || refused || distinct == 0 {
            if refused && !how.dry_run {
                return Err(Error::new(
                    Code::InvalidRows,
                    format!(
                        "{} of {} rows cannot be imported (nothing was): fix them, or import \
                         with skip_invalid to leave them out",
                        report.errors.len(),
                        report.rows
                    ),
                ));
            }
            return Ok(report);
        }
        let (clock, random) = (self.clock.clone(), self.random.clone());
        self.store
            .import_contacts(good, self.clock.now_ms(), move || {
                format!("ct_{}", crate::ids::message_id(&*clock, &*random))
            })
            .await?;
        self.contacts_changed(None);
        Ok(report)
    }

    /// The book (or one tag of it) as CSV.
    pub async fn export_contacts(&self, tag: Option<&str>) -> Result<String> {
        let all = match tag.filter(|t| !t.trim().is_empty()) {
            Some(t) => self.store.contacts_tagged(&contacts::tag(t)?).await?,
            None => self.store.all_contacts().await?,
        };
        Ok(contacts::export(&all))
    }

    /// Whether the number has WhatsApp (asked now), what its account shows the shop (about,
    /// business name, picture), the name it gave in its last message to the shop, and the
    /// shop's contact for it.
    pub async fn contact_info(&self, profile: Option<&str>, input: &str) -> Result<ContactInfo> {
        let number = contacts::number(input, self.country())?;
        let digits = number.trim_start_matches('+').to_owned();
        let lane = self.lane(profile)?;
        let jid = lane
            .messenger
            .is_on_whatsapp(std::slice::from_ref(&digits))
            .await?
            .into_iter()
            .next()
            .flatten();
        // A number without WhatsApp has no account to show anything: it is not asked about.
        let shown = match jid {
            Some(_) => lane.messenger.user_info(&digits).await?,
            None => UserInfo::default(),
        };
        Ok(ContactInfo {
            on_whatsapp: jid.is_some(),
            jid,
            about: shown.about,
            business_name: shown.business_name,
            picture_url: shown.picture_url,
            push_name: self.store.last_push_name(&digits).await?,
            contact: self.store.contact_by_phone(&number).await?,
            phone: number,
        })
    }

    /// A broadcast to `tag`: its contacts now, `{nombre}`/`{name}` their names.
    pub(super) async fn tag_recipients(
        &self,
        tag: &str,
        typed: &[BatchRecipient],
    ) -> Result<Vec<BatchRecipient>> {
        if !typed.is_empty() {
            return Err(Error::invalid(
                "a broadcast goes to its recipients or to a tag, not both",
            ));
        }
        let tag = contacts::tag(tag)?;
        let tagged = self.store.contacts_tagged(&tag).await?;
        if tagged.is_empty() {
            return Err(Error::invalid(format!("no contact has the tag {tag:?}")));
        }
        Ok(tagged
            .into_iter()
            .map(|c| BatchRecipient {
                to: c.phone,
                variables: [("nombre", &c.name), ("name", &c.name)]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.clone()))
                    .collect(),
            })
            .collect())
    }

    /// Tells every surface the book changed (`id`: the one contact, or many).
    fn contacts_changed(&self, id: Option<&str>) {
        self.announcer.emit(Event::Contacts(ContactsChanged {
            id: id.map(str::to_owned),
        }));
    }

    fn contact_id(&self) -> String {
        format!("ct_{}", crate::ids::message_id(&*self.clock, &*self.random))
    }
}

fn saved(s: Saved) -> Result<Contact> {
    match s {
        Saved::Saved(c) => Ok(c),
        Saved::NumberTaken(other) => Err(Error::new(
            Code::InvalidState,
            format!(
                "{} is already in the contacts (as {:?}): change that contact instead",
                other.phone,
                if other.name.is_empty() {
                    &other.id
                } else {
                    &other.name
                }
            ),
        )),
        Saved::NotFound => Err(Error::new(Code::NotFound, "no such contact")),
    }
}
