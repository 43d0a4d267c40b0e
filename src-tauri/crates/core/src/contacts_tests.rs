//! The contact book's rules: numbers, tags, texts, search words, import columns, export.
use super::*;

const BO: country::Id = country::Id::BO;

fn input(phone: &str) -> ContactInput {
    ContactInput {
        phone: Some(phone.into()),
        ..ContactInput::default()
    }
}

#[test]
fn a_number_is_kept_in_e164_and_a_group_is_no_contact() {
    assert_eq!(number("7123 4567", BO).unwrap(), "+59171234567");
    assert_eq!(number("+52 55 1234 5678", BO).unwrap(), "+525512345678");
    assert_eq!(
        number("120363000000000000@g.us", BO).unwrap_err().code,
        Code::InvalidRecipient
    );
    assert!(number("hola", BO).is_err());
}

#[test]
fn tags_are_trimmed_single_spaced_lower_case_and_unique() {
    let t = tags(&[
        "  Clientes   Frecuentes ".into(),
        "clientes frecuentes".into(),
        "VIP".into(),
    ])
    .unwrap();
    assert_eq!(t, ["clientes frecuentes", "vip"]);
    assert!(tag("").is_err());
    assert!(tag(&"x".repeat(41)).is_err());
    let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    assert!(tags(&many).is_err());
}

#[test]
fn a_change_keeps_what_it_does_not_name() {
    let first = apply(
        None,
        &ContactInput {
            name: Some(" Ana Quispe ".into()),
            tags: Some(vec!["VIP".into()]),
            ..input("71234567")
        },
        BO,
    )
    .unwrap();
    assert_eq!(first.name, "Ana Quispe");
    let next = apply(
        Some(&first),
        &ContactInput {
            opted_out: Some(true),
            ..ContactInput::default()
        },
        BO,
    )
    .unwrap();
    assert_eq!(
        (
            next.phone.as_str(),
            next.name.as_str(),
            next.tags.as_slice()
        ),
        ("+59171234567", "Ana Quispe", ["vip".to_owned()].as_slice())
    );
    assert!(next.opted_out);
    assert!(apply(None, &ContactInput::default(), BO).is_err());
    let long = ContactInput {
        name: Some("n".repeat(101)),
        ..input("71234567")
    };
    assert!(apply(None, &long, BO).unwrap_err().message.contains("name"));
}

#[test]
fn a_search_reads_names_and_numbers() {
    assert_eq!(search("  "), (None, None));
    assert_eq!(search("Ana"), (Some("ana".into()), None));
    assert_eq!(search("7123"), (None, Some("7123".into())));
    assert_eq!(search("71"), (Some("71".into()), None));
    assert_eq!(
        search("Ana 7123"),
        (Some("ana 7123".into()), Some("7123".into()))
    );
}

#[test]
fn import_columns_in_spanish_or_english_and_yes_in_either() {
    let header: Vec<String> = ["Nombre", "Teléfono", "Etiquetas", "Sin_difusiones"]
        .map(String::from)
        .into();
    let cols = Columns::find(&header).unwrap();
    assert_eq!(cols.phone, 1);
    let row: Vec<String> = ["Ana", "71234567", "vip; frecuentes", "sí"]
        .map(String::from)
        .into();
    let i = cols.input(&row);
    assert_eq!(i.tags.unwrap(), ["vip", "frecuentes"]);
    assert_eq!(i.opted_out, Some(true));
    assert!(i.notes.is_none());
    let none: Vec<String> = vec!["a".into(), "b".into()];
    assert!(Columns::find(&none).unwrap_err().message.contains("a, b"));
}

#[test]
fn export_quotes_what_needs_it_and_runs_no_formula() {
    let c = Contact {
        id: "ct_1".into(),
        phone: "+59171234567".into(),
        name: "=HYPERLINK(\"x\")".into(),
        tags: vec!["vip".into(), "frecuentes".into()],
        notes: "paga, a veces".into(),
        opted_out: true,
        created_at: 0,
        updated_at: 0,
    };
    let csv = export(&[c]);
    assert!(csv.starts_with("\u{feff}name,phone,tags,notes,opted_out\r\n"));
    assert!(
        csv.contains(
            "\"'=HYPERLINK(\"\"x\"\")\",+59171234567,vip|frecuentes,\"paga, a veces\",yes"
        ),
        "{csv}"
    );
}
