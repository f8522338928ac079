//! `meetdoc serve` over HTTP: every endpoint, with good and bad input, and
//! each security rule. The server is the real binary; requests are sent by
//! hand (tests/serve_support) so that any header can be wrong.

mod serve_support;

use serde_json::{Value, json};
use serve_support::{Server, seed_copy};
use std::path::Path;

fn programme_path(dir: &Path) -> std::path::PathBuf {
    dir.join("neacap-pd2/programme.json")
}

fn start(name: &str) -> (Server, std::path::PathBuf) {
    let dir = seed_copy(name);
    (Server::start(&dir.join("neacap-pd2"), &[]), dir)
}

fn set(file: &str, path: Value, value: Value) -> Value {
    json!({ "op": "set", "file": file, "path": path, "value": value })
}

fn file_value<'a>(reply: &'a Value, id: &str) -> &'a Value {
    let files = reply
        .get("changed")
        .or_else(|| reply.get("files"))
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no files in {reply}"));
    &files
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {reply}"))["value"]
}

fn times(programme: &Value) -> Vec<String> {
    programme["days"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}-{}",
                i["start"].as_str().unwrap(),
                i["end"].as_str().unwrap()
            )
        })
        .collect()
}

// ------------------------------------------------------------ the page

#[test]
fn the_address_with_the_token_gives_a_cookie_and_the_page() {
    let (s, _) = start("page");
    let r = s.raw("GET", &format!("/?token={}", s.token), &[], None, None);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    let cookie = r.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with(&format!("meetdoc_token={};", s.token)),
        "{cookie}"
    );
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text();
    assert!(html.contains("<script src=\"/app.js\""), "{html}");
    // The page holds no data: values come as JSON and go into the page as text.
    assert!(!html.contains("NEACAP") && !html.contains("Coffee"));
    assert!(
        s.get("/app.js")
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        s.get("/app.css")
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(s.get("/nothing-here").status, 404);
}

#[test]
fn state_and_schemas_describe_every_file() {
    let (s, _) = start("state");
    let st = s.get("/api/state").json();
    assert_eq!(st["kind"], "data-set");
    assert_eq!(st["title"], "NEACAP Second Policy Dialogue");
    let ids: Vec<&str> = st["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "meeting.json",
            "background.json",
            "objectives.json",
            "workplan.json",
            "participants.json",
            "footnotes.json",
            "programme.json"
        ]
    );
    assert_eq!(st["errors"], 0);
    assert_eq!(st["valid"], true);
    assert_eq!(
        file_value(&st, "programme.json")["days"][0]["items"][4]["title"],
        "Coffee Break"
    );
    // The footnote referenced in the objectives, with its place.
    let objectives = st["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "objectives.json")
        .unwrap();
    assert_eq!(
        objectives["refs"],
        json!([{ "path": ["specific", 2], "notes": ["workplan"] }])
    );
    assert_eq!(objectives["notes_file"], "footnotes.json");
    // Each item's length and its parts' sum, computed by the library.
    assert_eq!(
        st["facts"]["programme.json"]["days"][0][3],
        json!({ "minutes": 75, "parts": 75 })
    );
    let all: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(
        st["documents"],
        json!([
            { "id": "concept-note", "label": "Concept note", "kind": "concept-note", "files": all },
            { "id": "programme", "label": "Programme", "kind": "programme", "files": all }
        ])
    );
    let schemas = s.get("/api/schemas").json();
    for key in [
        "meeting",
        "background",
        "objectives",
        "workplan",
        "participants",
        "footnotes",
        "programme",
        "agenda",
        "docset",
    ] {
        assert!(schemas[key]["type"] == "object", "{key}");
    }
    assert_eq!(
        schemas["programme"]["$defs"]["Item"]["properties"]["start"]["format"],
        "hh:mm"
    );
}

// ------------------------------------------------------------ edits

#[test]
fn an_invalid_time_is_a_4xx_naming_the_field_and_the_file_stays_as_it_was() {
    let (s, dir) = start("badtime");
    let file = programme_path(&dir);
    let before = std::fs::read(&file).unwrap();
    let r = s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 0, "items", 4, "start"]),
            json!("25:00"),
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let body = r.json();
    let d = &body["diagnostics"][0];
    assert_eq!(d["file"], "programme.json");
    assert_eq!(d["location"], "days[0].items[4].start");
    assert_eq!(d["path"], json!(["days", 0, "items", 4, "start"]));
    assert_eq!(d["severity"], "error");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("\"25:00\" is not a time"),
        "{d}"
    );
    assert!(d["help"].as_str().unwrap().contains("HH:MM"), "{d}");
    // The value is kept (shown with its error), not refused by a typed struct.
    assert_eq!(
        file_value(&body, "programme.json")["days"][0]["items"][4]["start"],
        "25:00"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // Saving is refused, with the count of errors; nothing written.
    let save = s.post("/api/save", &json!({}));
    assert_eq!(save.status, 422, "{}", save.text());
    assert!(save.json()["message"].as_str().unwrap().contains("1 error"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // An edit that needs valid data says so.
    let shift = s.post(
        "/api/edit",
        &json!({ "op": "shift", "file": "programme.json", "day": 0, "item": 5, "minutes": 15 }),
    );
    assert_eq!(shift.status, 409);
    assert!(
        shift.json()["message"]
            .as_str()
            .unwrap()
            .contains("free of errors"),
        "{}",
        shift.text()
    );
}

#[test]
fn bad_edits_are_refused_with_what_is_wrong() {
    let (s, dir) = start("badedits");
    let before = std::fs::read(programme_path(&dir)).unwrap();
    let r = s.post(
        "/api/edit",
        &json!({ "op": "paint", "file": "programme.json" }),
    );
    assert_eq!(r.status, 400);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("not an edit")
    );
    let r = s.call("POST", "/api/edit", Some("{ not json"));
    assert!((400..500).contains(&r.status), "{}", r.status);
    let r = s.post("/api/edit", &set("nope.json", json!(["a"]), json!(1)));
    assert_eq!(r.status, 404);
    let r = s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 7, "date"]),
            json!("2025-09-24"),
        ),
    );
    assert_eq!(r.status, 409);
    assert!(
        r.json()["message"].as_str().unwrap().contains("days[7]"),
        "{}",
        r.text()
    );
    let r = s.post(
        "/api/edit",
        &set("programme.json", json!(["days", -1]), json!(1)),
    );
    assert_eq!(r.status, 409);
    let r = s.post(
        "/api/edit",
        &json!({ "op": "shift", "file": "programme.json", "day": 0, "item": 0, "minutes": 900 }),
    );
    assert_eq!(r.status, 409);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("would leave the day")
    );
    let r = s.post(
        "/api/edit",
        &json!({ "op": "duration", "file": "programme.json", "day": 0, "item": 2, "minutes": 0 }),
    );
    assert_eq!(r.status, 409);
    // Nothing of these stayed.
    let st = s.get("/api/state").json();
    assert_eq!(st["revision"], 0);
    assert_eq!(st["dirty"], json!([]));
    assert_eq!(std::fs::read(programme_path(&dir)).unwrap(), before);
}

#[test]
fn the_timetable_operations_and_undo_redo() {
    let (s, dir) = start("timetable");
    let ok = |body: Value| {
        let r = s.post("/api/edit", &body);
        assert_eq!(r.status, 200, "{body}: {}", r.text());
        r.json()
    };
    let r =
        ok(json!({ "op": "shift", "file": "programme.json", "day": 0, "item": 5, "minutes": 15 }));
    assert_eq!(r["label"], "move items 6-8 by +15 minutes");
    assert_eq!(
        times(file_value(&r, "programme.json"))[5..],
        ["16:30-17:45", "17:45-18:00", "18:00-18:30"]
    );
    assert_eq!(
        r["diagnostics"][0]["severity"], "warning",
        "the gap before Session 2"
    );
    let r = ok(
        json!({ "op": "duration", "file": "programme.json", "day": 0, "item": 4, "minutes": 45 }),
    );
    assert_eq!(times(file_value(&r, "programme.json"))[4], "15:45-16:30");
    assert_eq!(r["facts"]["programme.json"]["days"][0][4]["minutes"], 45);
    let r = ok(json!({ "op": "insert_item", "file": "programme.json", "day": 0, "at": 8 }));
    assert_eq!(
        file_value(&r, "programme.json")["days"][0]["items"][8]["title"],
        "New item"
    );
    let r = ok(json!({ "op": "delete_item", "file": "programme.json", "day": 0, "at": 8 }));
    assert_eq!(
        file_value(&r, "programme.json")["days"][0]["items"]
            .as_array()
            .unwrap()
            .len(),
        8
    );
    let r =
        ok(json!({ "op": "move_item", "file": "programme.json", "day": 0, "from": 7, "to": 6 }));
    assert_eq!(
        file_value(&r, "programme.json")["days"][0]["items"][6]["title"],
        "Networking"
    );
    // A day more: the meeting's last day follows (two files change).
    let r = ok(json!({ "op": "add_day", "file": "programme.json" }));
    assert_eq!(
        file_value(&r, "programme.json")["days"][1]["date"],
        "2025-09-24"
    );
    assert_eq!(file_value(&r, "meeting.json")["end_date"], "2025-09-24");
    let r = ok(json!({ "op": "remove_day", "file": "programme.json", "day": 1 }));
    assert!(file_value(&r, "meeting.json").get("end_date").is_none());
    // Lists: a speaker added, moved, removed.
    let speakers = json!(["days", 0, "items", 1, "speakers"]);
    ok(
        json!({ "op": "insert", "file": "programme.json", "path": speakers, "index": 2, "value": { "name": "Ms. Kim" } }),
    );
    let r =
        ok(json!({ "op": "move", "file": "programme.json", "path": speakers, "from": 2, "to": 0 }));
    assert_eq!(
        file_value(&r, "programme.json")["days"][0]["items"][1]["speakers"][0]["name"],
        "Ms. Kim"
    );
    let r = ok(
        json!({ "op": "remove", "file": "programme.json", "path": ["days", 0, "items", 1, "speakers", 0] }),
    );
    assert_eq!(
        file_value(&r, "programme.json")["days"][0]["items"][1]["speakers"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Undo all the way back, then redo one.
    let mut n = 0;
    loop {
        let u = s.post("/api/undo", &json!({}));
        if u.status == 409 {
            break;
        }
        assert!(u.status == 200 || u.status == 422, "{}", u.text());
        n += 1;
    }
    assert_eq!(n, 10);
    let st = s.get("/api/state").json();
    assert_eq!(times(file_value(&st, "programme.json"))[5], "16:15-17:30");
    assert_eq!(st["dirty"], json!([]));
    let r = s.post("/api/redo", &json!({}));
    assert_eq!(
        times(file_value(&r.json(), "programme.json"))[5],
        "16:30-17:45"
    );
    // Nothing was written by any of it.
    assert_eq!(
        std::fs::read_to_string(programme_path(&dir)).unwrap(),
        std::fs::read_to_string(serve_support::root().join("data/neacap-pd2/programme.json"))
            .unwrap()
    );
}

#[test]
fn italics_and_a_footnote_with_its_note() {
    let (s, _) = start("markup");
    let at = json!(["paragraphs", 0]);
    // "Following the first NEACAP Policy Dialogue …": italics on "first".
    let r = s.post("/api/edit", &json!({ "op": "italic", "file": "background.json", "path": ["paragraphs", 1], "from": 14, "to": 19 }));
    assert_eq!(r.status, 200, "{}", r.text());
    let text = file_value(&r.json(), "background.json")["paragraphs"][1]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.starts_with("Following the *first* NEACAP"), "{text}");
    let r = s.post("/api/edit", &json!({ "op": "footnote", "file": "background.json", "path": at, "at": 29, "text": "A note." }));
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(body["label"], "add footnote note-1");
    let p = file_value(&body, "background.json")["paragraphs"][0]
        .as_str()
        .unwrap();
    assert!(
        p.starts_with("The North-East Asia Clean Air[^note-1] Partnership"),
        "{p}"
    );
    assert_eq!(
        file_value(&body, "footnotes.json")["notes"]["note-1"],
        "A note."
    );
    let bg = body["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "background.json")
        .unwrap();
    assert_eq!(
        bg["refs"],
        json!([{ "path": ["paragraphs", 0], "notes": ["note-1"] }])
    );
}

// ------------------------------------------------------------ saving

#[test]
fn saving_writes_the_data_layout_and_refuses_a_file_changed_on_disk() {
    let (s, dir) = start("save");
    let file = programme_path(&dir);
    let original = std::fs::read_to_string(&file).unwrap();
    // Nothing changed: nothing written, the bytes stay.
    let r = s.post("/api/save", &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["saved"], json!([]));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    // A time changed: its line of the file changes, no other.
    s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 0, "items", 4, "end"]),
            json!("16:10"),
        ),
    );
    let r = s.post("/api/save", &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["saved"], json!(["programme.json"]));
    let saved = std::fs::read_to_string(&file).unwrap();
    let diff: Vec<_> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(saved.contains("{ \"start\": \"15:45\", \"end\": \"16:10\", \"kind\": \"break\", \"title\": \"Coffee Break\" }"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("neacap-pd2"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
    // Someone edits the file in a text editor meanwhile.
    let theirs = saved.replace("Coffee Break", "Tea Break");
    std::fs::write(&file, &theirs).unwrap();
    let st = s.get("/api/state").json();
    assert_eq!(st["changed_on_disk"], json!(["programme.json"]));
    s.post(
        "/api/edit",
        &set("programme.json", json!(["heading"]), json!("Programme")),
    );
    let r = s.post("/api/save", &json!({}));
    assert_eq!(r.status, 409, "{}", r.text());
    let body = r.json();
    assert_eq!(body["conflicts"], json!(["programme.json"]));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("programme.json changed on disk"),
        "{body}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        theirs,
        "overwritten"
    );
    // Reload takes theirs; undo brings the edit back.
    let r = s.post("/api/reload", &json!({ "files": ["programme.json"] }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        file_value(&r.json(), "programme.json")["days"][0]["items"][4]["title"],
        "Tea Break"
    );
    let r = s.post("/api/undo", &json!({})).json();
    assert_eq!(file_value(&r, "programme.json")["heading"], "Programme");
    // Saving now is a choice made knowingly: it writes.
    assert_eq!(s.post("/api/save", &json!({})).status, 200);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"heading\": \"Programme\"")
    );
    let r = s.post("/api/reload", &json!({ "files": ["../secret.json"] }));
    assert_eq!(r.status, 404);
}

// ------------------------------------------------------------ pages and downloads

#[test]
fn live_pages_their_words_and_the_downloads() {
    let (s, _) = start("pages");
    let r = s.get("/api/preview?doc=programme");
    assert_eq!(r.status, 200, "{}", r.text());
    let p = r.json();
    assert_eq!(p["doc"], "programme");
    assert_eq!(p["pages"].as_array().unwrap().len(), 2);
    let rev = p["revision"].as_u64().unwrap();
    let svg = s.get("/api/page/programme/1");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg"));
    let words = s.get("/api/text/programme/1").json();
    let text: Vec<&str> = words["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert!(
        text.contains(&"Coffee") && text.iter().any(|w| w.starts_with("15:45")),
        "{text:?}"
    );
    assert_eq!(s.get("/api/page/programme/9").status, 404);
    assert_eq!(s.get("/api/page/..%2F..%2Fetc%2Fpasswd/1").status, 404);
    // An edit: the next answer is the new pages, with the new time.
    s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 0, "items", 4, "start"]),
            json!("15:50"),
        ),
    );
    let p2 = s
        .get(&format!("/api/preview?doc=programme&seen={rev}"))
        .json();
    assert!(p2["revision"].as_u64().unwrap() > rev);
    assert_ne!(p2["pages"][0]["hash"], p["pages"][0]["hash"]);
    let words = s.get("/api/text/programme/1").json();
    assert!(words.to_string().contains("15:50"));
    // A document not in the data.
    let none = s.get("/api/preview?doc=nothing").json();
    assert!(
        none["error"].as_str().unwrap().contains("not in the data"),
        "{none}"
    );
    // Downloads, built on demand from what is on screen.
    let docx = s.get("/api/download/programme/docx");
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"));
    assert!(
        docx.header("content-disposition")
            .unwrap()
            .contains("programme.docx")
    );
    let pdf = s.get("/api/download/concept-note/pdf");
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert!(pdf.body.starts_with(b"%PDF"));
    assert_eq!(s.get("/api/download/programme/exe").status, 404);
    assert_eq!(s.get("/api/download/nothing/pdf").status, 404);
    assert_eq!(
        s.get("/api/set/bundle.zip").status,
        404,
        "a data set has no bundle"
    );
    // With errors, no download.
    s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 0, "items", 4, "start"]),
            json!("25:00"),
        ),
    );
    assert_eq!(s.get("/api/download/programme/pdf").status, 422);
}

#[test]
fn a_set_is_edited_with_the_data_sets_it_names() {
    let dir = seed_copy("set");
    let s = Server::start(&dir.join("som28"), &[]);
    let st = s.get("/api/state").json();
    assert_eq!(st["kind"], "set");
    assert_eq!(st["title"], "SOM-28");
    let ids: Vec<&str> = st["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids[..4],
        [
            "som28/docset.json",
            "som28/agenda.json",
            "som28/info-note.json",
            "neacap-pd2/meeting.json"
        ]
    );
    assert!(ids.contains(&"neacap-pd2/programme.json"));
    let docs: Vec<&str> = st["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        [
            "ESCAP_NEASPEC_SOM(28)_1",
            "NEACAP_PD2_1",
            "NEACAP_PD2_2",
            "NEACAP_PD2_2-ru",
            "NEACAP_PD2_2-zh",
            "ESCAP_NEASPEC_SOM(28)_INF_3",
            "ESCAP_NEASPEC_SOM(28)_INF_1"
        ]
    );
    // A language version is a document of the set, named by its symbol
    // and language, with pages of its own.
    assert!(
        st["documents"][3]["label"]
            .as_str()
            .unwrap()
            .starts_with("NEACAP/PD2/2 [ru] · Программа"),
        "{}",
        st["documents"][3]
    );
    assert_eq!(st["documents"][4]["kind"], "programme");
    let p = s.get("/api/preview?doc=NEACAP_PD2_2-ru").json();
    assert!(!p["pages"].as_array().unwrap().is_empty(), "{p}");
    let words = s.get("/api/text/NEACAP_PD2_2-ru/1").json().to_string();
    assert!(words.contains("Регистрация"), "{words}");
    // Which files each is made from (the pages follow the part edited).
    assert_eq!(st["documents"][2]["kind"], "programme");
    assert!(
        st["documents"][2]["files"]
            .as_array()
            .unwrap()
            .contains(&json!("neacap-pd2/programme.json"))
    );
    assert_eq!(st["documents"][5]["kind"], "document");
    assert!(
        st["documents"][5]["files"]
            .as_array()
            .unwrap()
            .contains(&json!("som28/info-note.json")),
        "{}",
        st["documents"][5]
    );
    assert_eq!(st["documents"][6]["kind"], "list");
    // The agenda's pages.
    let p = s.get("/api/preview?doc=ESCAP_NEASPEC_SOM(28)_1").json();
    assert!(!p["pages"].as_array().unwrap().is_empty(), "{p}");
    let words = s
        .get("/api/text/ESCAP_NEASPEC_SOM(28)_1/1")
        .json()
        .to_string();
    assert!(words.contains("Provisional"), "{words}");
    // An edit in the data set shows in the set's checks.
    let r = s.post(
        "/api/edit",
        &set(
            "neacap-pd2/programme.json",
            json!(["days", 0, "items", 0, "end"]),
            json!("13:00"),
        ),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["diagnostics"][0]["file"],
        "neacap-pd2/programme.json"
    );
    s.post("/api/undo", &json!({}));
    // The bundle and its change report, made in a private folder.
    let zip = s.get("/api/set/bundle.zip");
    assert_eq!(zip.status, 200, "{}", zip.text());
    assert!(zip.body.starts_with(b"PK"));
    assert!(
        zip.header("content-disposition")
            .unwrap()
            .contains("SOM-28.zip")
    );
    let changes = s.get("/api/set/changes.md");
    assert_eq!(changes.status, 200);
    assert!(
        changes
            .text()
            .starts_with("# Changes to the SOM-28 document set"),
        "{}",
        changes.text()
    );
    assert!(
        !dir.join("som28/output").exists() && !dir.join("output").exists(),
        "the bundle went to disk"
    );
}

// ------------------------------------------------------------ security

#[test]
fn it_listens_on_loopback_only() {
    let (s, _) = start("loopback");
    assert!(s.url.starts_with("http://127.0.0.1:"));
    // The listening socket's address, as the kernel has it.
    let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let port = format!(":{:04X} ", s.port);
    let listening: Vec<&str> = tcp
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|a| a.ends_with(port.trim()))
                && l.split_whitespace().nth(3) == Some("0A")
        })
        .collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(
        listening[0]
            .split_whitespace()
            .nth(1)
            .unwrap()
            .starts_with("0100007F:"),
        "{listening:?}"
    );
    let tcp6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    assert!(!tcp6.lines().any(|l| {
        l.split_whitespace()
            .nth(1)
            .is_some_and(|a| a.ends_with(port.trim()))
    }));
}

#[test]
fn every_request_needs_the_token() {
    let (s, _) = start("token");
    for path in [
        "/",
        "/app.js",
        "/api/state",
        "/api/schemas",
        "/api/preview?doc=programme",
        "/api/page/programme/1",
        "/api/download/programme/pdf",
    ] {
        let r = s.raw("GET", path, &[], None, None);
        assert_eq!(r.status, 401, "{path}");
        assert!(r.text().contains("refused"));
        let r = s.raw("GET", path, &[("Cookie", "meetdoc_token=0123")], None, None);
        assert_eq!(r.status, 401, "{path} with a wrong cookie");
    }
    let origin = s.base();
    let r = s.raw(
        "POST",
        "/api/edit",
        &[("Origin", &origin)],
        Some(
            set("programme.json", json!(["heading"]), json!("x"))
                .to_string()
                .as_bytes(),
        ),
        None,
    );
    assert_eq!(r.status, 401);
    let r = s.raw(
        "GET",
        &format!("/api/state?token={}x", s.token),
        &[],
        None,
        None,
    );
    assert_eq!(r.status, 401);
    let r = s.raw(
        "GET",
        &format!("/api/state?token={}", s.token),
        &[],
        None,
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        s.get("/api/state").json()["revision"],
        0,
        "nothing was edited"
    );
}

#[test]
fn a_host_other_than_loopback_at_this_port_is_refused() {
    let (s, _) = start("host");
    let cookie = format!("meetdoc_token={}", s.token);
    let h = [("Cookie", cookie.as_str())];
    for host in [
        "evil.example",
        &format!("evil.example:{}", s.port),
        &format!("127.0.0.1:{}", s.port + 1),
        "127.0.0.1",
        "",
    ] {
        let r = s.raw("GET", "/api/state", &h, None, Some(host));
        assert_eq!(r.status, 403, "Host: {host:?}");
        assert!(r.text().contains("answers only at"));
    }
    let localhost = format!("localhost:{}", s.port);
    assert_eq!(
        s.raw("GET", "/api/state", &h, None, Some(&localhost))
            .status,
        200
    );
}

#[test]
fn changes_must_come_from_the_editors_own_page() {
    let (s, dir) = start("origin");
    let before = std::fs::read(programme_path(&dir)).unwrap();
    let cookie = format!("meetdoc_token={}", s.token);
    let body = set("programme.json", json!(["heading"]), json!("Hacked")).to_string();
    for extra in [
        vec![],
        vec![("Origin", "http://evil.example")],
        vec![("Origin", "null")],
        vec![("Sec-Fetch-Site", "cross-site")],
        vec![("Sec-Fetch-Site", "same-site")],
    ] {
        let mut h = vec![("Cookie", cookie.as_str())];
        h.extend(extra.clone());
        let r = s.raw("POST", "/api/edit", &h, Some(body.as_bytes()), None);
        assert_eq!(r.status, 403, "{extra:?}");
        let r = s.raw("POST", "/api/save", &h, Some(b"{}"), None);
        assert_eq!(r.status, 403, "{extra:?}");
    }
    assert_eq!(s.get("/api/state").json()["revision"], 0);
    assert_eq!(std::fs::read(programme_path(&dir)).unwrap(), before);
    // The browser's own page: Sec-Fetch-Site alone is enough too.
    let h = [
        ("Cookie", cookie.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    assert_eq!(
        s.raw("POST", "/api/edit", &h, Some(body.as_bytes()), None)
            .status,
        200
    );
}

#[test]
fn request_bodies_are_limited() {
    let (s, _) = start("limit");
    let big = set(
        "programme.json",
        json!(["heading"]),
        json!("x".repeat(3 * 1024 * 1024)),
    )
    .to_string();
    let r = s.call("POST", "/api/edit", Some(&big));
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(s.get("/api/state").json()["revision"], 0);
}

#[test]
fn nothing_outside_the_data_folder_is_read_or_written() {
    let dir = seed_copy("outside");
    let data = dir.join("neacap-pd2");
    // background.json is a link to a file outside the data folder.
    let outside = dir.join("secret.json");
    std::fs::rename(data.join("background.json"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, data.join("background.json")).unwrap();
    let secret = std::fs::read(&outside).unwrap();
    let s = Server::start(&data, &[]);
    let st = s.get("/api/state").json();
    let ids: Vec<&str> = st["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"background.json"), "{ids:?}");
    assert!(
        !st.to_string().contains("flagship initiative"),
        "the outside file's text was served"
    );
    assert!(
        st["diagnostics"]
            .to_string()
            .contains("outside the data folder"),
        "{}",
        st["diagnostics"]
    );
    for file in [
        "background.json",
        "../secret.json",
        "/etc/passwd",
        "neacap-pd2/../secret.json",
    ] {
        let r = s.post("/api/edit", &set(file, json!(["heading"]), json!("x")));
        assert_eq!(r.status, 404, "{file}");
    }
    s.post(
        "/api/edit",
        &set("programme.json", json!(["heading"]), json!("Programme")),
    );
    s.post("/api/save", &json!({}));
    assert_eq!(std::fs::read(&outside).unwrap(), secret);
    assert!(
        std::fs::symlink_metadata(data.join("background.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn every_answer_forbids_foreign_scripts_and_sniffing() {
    let (s, _) = start("headers");
    for path in ["/", "/app.js", "/api/state"] {
        let r = s.get(path);
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    // Refusals carry them too.
    let r = s.raw("GET", "/", &[], None, None);
    assert_eq!(r.status, 401);
    assert!(r.header("content-security-policy").is_some());
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    // Markup typed as data comes back as data (JSON), never as page markup.
    let evil = "<img src=x onerror=alert(1)>";
    let r = s.post(
        "/api/edit",
        &set(
            "programme.json",
            json!(["days", 0, "items", 4, "title"]),
            json!(evil),
        ),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(!s.get("/").text().contains(evil));
}

// ------------------------------------------------------------ start and stop

#[test]
fn a_busy_port_gives_another_and_ctrl_c_stops_cleanly() {
    let dir = seed_copy("port");
    let busy = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let mut s = Server::start(&dir.join("neacap-pd2"), &["--port", &port]);
    assert_ne!(s.port.to_string(), port);
    // Some pages under way, and an unsaved edit, when Ctrl-C comes.
    assert_eq!(s.get("/api/preview?doc=programme").status, 200);
    s.post(
        "/api/edit",
        &set("programme.json", json!(["heading"]), json!("Programme")),
    );
    let tmp = s.tmp.clone();
    let (code, stderr) = s.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} is in use")),
        "{stderr}"
    );
    assert!(
        stderr.contains("stopped; not saved: programme.json"),
        "{stderr}"
    );
    // No typst left behind (each would name its build folder, in the
    // server's temporary folder), no build folder.
    let here = tmp.to_string_lossy().into_owned();
    let orphans = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("cmdline")).ok())
        .filter(|c| c.contains(&here))
        .count();
    assert_eq!(orphans, 0);
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
    drop(busy);
}

#[test]
fn the_shift_command_moves_the_items_and_writes_only_their_lines() {
    let dir = seed_copy("cli");
    let data = dir.join("neacap-pd2");
    let before = std::fs::read_to_string(data.join("programme.json")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetdoc"))
        .args([
            "shift",
            data.to_str().unwrap(),
            "--day",
            "1",
            "--item",
            "6",
            "--minutes",
            "15",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("item 8 (18:00 Networking): now 18:00-18:30"),
        "{stdout}"
    );
    let after = std::fs::read_to_string(data.join("programme.json")).unwrap();
    assert_eq!(
        before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count(),
        5
    );
    // Past the end of the day: refused, exit 1, nothing written.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetdoc"))
        .args([
            "shift",
            data.to_str().unwrap(),
            "--item",
            "1",
            "--minutes",
            "-900",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would leave the day"));
    assert_eq!(
        std::fs::read_to_string(data.join("programme.json")).unwrap(),
        after
    );
}

#[test]
fn a_file_that_is_not_json_is_shown_with_its_problem_and_can_be_reloaded() {
    let dir = seed_copy("broken");
    let meeting = dir.join("neacap-pd2/meeting.json");
    let good = std::fs::read_to_string(&meeting).unwrap();
    // Word's curly quotes around a value.
    std::fs::write(
        &meeting,
        good.replace("\"Blue Sky Hotel\"", "“Blue Sky Hotel”"),
    )
    .unwrap();
    let s = Server::start(&dir.join("neacap-pd2"), &[]);
    let st = s.get("/api/state").json();
    let m = st["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "meeting.json")
        .unwrap();
    assert!(m["value"].is_null());
    assert!(
        m["problem"]["help"]
            .as_str()
            .unwrap()
            .contains("curly quotes"),
        "{m}"
    );
    assert_eq!(st["valid"], false);
    assert!(st["diagnostics"].to_string().contains("curly quotes"));
    let r = s.post(
        "/api/edit",
        &set("meeting.json", json!(["venue"]), json!("x")),
    );
    assert_eq!(r.status, 409);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("fix it in a text editor, then reload")
    );
    // Fixed in a text editor, then reloaded.
    std::fs::write(&meeting, &good).unwrap();
    let r = s.post("/api/reload", &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        file_value(&r.json(), "meeting.json")["venue"],
        "Blue Sky Hotel"
    );
    assert_eq!(s.get("/api/state").json()["valid"], true);
}
