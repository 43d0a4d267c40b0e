//! Tests of the attachment store: once per content, nothing in the clear, damage detected
//! and repaired, concurrent writers of one content, files from the previous format.

use std::sync::Barrier;

use super::*;

const KEY: [u8; 32] = [7; 32];

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn stored_once_by_content() {
    for key in [None, Some(KEY)] {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned(), key);
        let h = blobs.put(b"receipt".to_vec()).unwrap();
        assert_eq!(h, Blobs::hash(b"receipt"));
        assert_eq!(blobs.put(b"receipt".to_vec()).unwrap(), h);
        assert_eq!(blobs.get(&h).unwrap(), b"receipt");
        let files: Vec<_> = walk(dir.path());
        assert_eq!(files.len(), 1, "{files:?}");
    }
}

#[test]
fn encrypted_files_reveal_neither_content_nor_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = Blobs::new(dir.path().to_owned(), Some(KEY));
    let text = b"Factura 001 - Ana Quispe - total 150 Bs";
    let h = blobs.put(text.to_vec()).unwrap();
    let files = walk(dir.path());
    let stored = std::fs::read(&files[0]).unwrap();
    assert!(
        !stored.windows(7).any(|w| w == b"Factura"),
        "content in clear"
    );
    assert!(!files[0].to_string_lossy().contains(&h), "hash in the name");
    assert_eq!(blobs.get(&h).unwrap(), text);
}

#[test]
fn a_wrong_key_or_a_damaged_file_is_an_error_not_garbage() {
    for key in [None, Some(KEY)] {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned(), key);
        let h = blobs.put(b"receipt".to_vec()).unwrap();
        let file = walk(dir.path()).remove(0);
        let mut stored = std::fs::read(&file).unwrap();
        let last = stored.len() - 1;
        stored[last] ^= 1;
        std::fs::write(&file, &stored).unwrap();
        let err = blobs.get(&h).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    }
    // Another key names files differently: the attachment is simply not there for it.
    let dir = tempfile::tempdir().unwrap();
    let h = Blobs::new(dir.path().to_owned(), Some(KEY))
        .put(b"receipt".to_vec())
        .unwrap();
    let other = Blobs::new(dir.path().to_owned(), Some([8; 32]));
    assert_eq!(
        other.get(&h).unwrap_err().kind(),
        std::io::ErrorKind::NotFound
    );
}

#[test]
fn a_damaged_file_is_replaced_by_the_next_put_of_its_content() {
    for key in [None, Some(KEY)] {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned(), key);
        let h = blobs.put(b"flyer".to_vec()).unwrap();
        let file = walk(dir.path()).remove(0);
        std::fs::write(&file, b"MSTRBLB2 torn half of a file").unwrap();
        assert!(blobs.get(&h).is_err());
        assert_eq!(blobs.put(b"flyer".to_vec()).unwrap(), h);
        assert_eq!(blobs.get(&h).unwrap(), b"flyer");
    }
}

#[test]
fn a_file_under_another_contents_name_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = Blobs::new(dir.path().to_owned(), Some(KEY));
    let a = blobs.put(b"receipt for Ana".to_vec()).unwrap();
    let b = blobs.put(b"receipt for Beto".to_vec()).unwrap();
    std::fs::copy(blobs.path(&a), blobs.path(&b)).unwrap();
    let err = blobs.get(&b).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}

/// Twenty senders store one 4 MB flyer at the same instant, several times over. With one
/// shared temp name their writes interleaved into a file that never opened again.
#[test]
fn concurrent_puts_of_one_content_leave_one_sound_file() {
    const WRITERS: usize = 20;
    let flyer: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 253) as u8).collect();
    for key in [Some(KEY), None] {
        for _round in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let blobs = Blobs::new(dir.path().to_owned(), key);
            let start = Barrier::new(WRITERS);
            let results: Vec<Result<String>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..WRITERS)
                    .map(|_| {
                        s.spawn(|| {
                            start.wait();
                            blobs.put(flyer.clone())
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for r in results {
                assert_eq!(r.unwrap(), Blobs::hash(&flyer));
            }
            assert!(
                blobs.get(&Blobs::hash(&flyer)).unwrap() == flyer,
                "the stored flyer differs"
            );
            let files = walk(dir.path());
            assert_eq!(files.len(), 1, "temp files left behind: {files:?}");
        }
    }
}

#[test]
fn the_sweep_removes_what_a_crash_left_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = Blobs::new(dir.path().to_owned(), Some(KEY));
    let h = blobs.put(b"kept".to_vec()).unwrap();
    let folder = blobs.path(&h).parent().unwrap().to_owned();
    std::fs::write(folder.join(".abc.0011.tmp"), b"half").unwrap();
    std::fs::create_dir_all(blobs.staging_dir()).unwrap();
    std::fs::write(blobs.staging_dir().join("0a1b.part"), b"half").unwrap();
    blobs.sweep();
    assert_eq!(walk(dir.path()), vec![blobs.path(&h)]);
    assert_eq!(blobs.get(&h).unwrap(), b"kept");
}
