import GRDB

/// The catalogue's schema, as an ordered list of named migrations. A shipped migration is never
/// edited: changes come as new steps, so every database upgrades along the same path.
enum Schema {
    /// The step every presskit database has applied: how a presskit catalogue is told from another
    /// program's SQLite file.
    static let firstMigration = "v1: events, stories, assets"
    /// The step that turned the placeholders of never-checked links into NULL.
    static let neverCheckedIsNullMigration = "v7: NULL, not placeholders, for links never checked"

    /// Every step's identifier, in order: what opening a store checks a database against, read
    /// without building `migrator` (its GRDB types, met for the first time, were a twentieth of an
    /// `assets` listing). `migrator` registers exactly these, in this order (SchemaTests).
    static let identifiers = [
        firstMigration, "v2: link-check history and health per URL",
        "v3: index stories' webstory links, not the history by run", "v4: notification outbox", "v5: due checks",
        "v6: media properties read by probes", neverCheckedIsNullMigration, "v8: asset thumbnails",
        CatalogueStore.draftedItemsMigration, CatalogueStore.archivedCopiesMigration, "v11: texts in several languages",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.create(table: "event") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("type", .text).notNull()
                t.column("start", .text).notNull()
                t.column("end", .text)
                t.column("places", .jsonText).notNull()
                t.column("summary", .text)
                t.column("contacts", .jsonText).notNull()
                t.column("tags", .jsonText).notNull()
                t.column("source_path", .text).notNull()
                t.column("source_digest", .text).notNull()
                t.column("fingerprint", .text).notNull()
            }
            try db.create(index: "event_on_start", on: "event", columns: ["start", "id"])
            // Stories and assets belong to their event: deleting an event deletes them. Link-check
            // history is keyed by URL in its own tables and is never deleted by an import.
            try db.create(table: "story") { t in
                t.primaryKey("id", .text)
                t.column("event_id", .text).notNull().references("event", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("headline", .text).notNull()
                t.column("date", .text).notNull()
                t.column("place", .text)
                t.column("summary", .text)
                t.column("people", .jsonText).notNull()
                t.column("webstory", .text)
                t.column("tags", .jsonText).notNull()
            }
            try db.create(index: "story_on_event", on: "story", columns: ["event_id", "position"])
            try db.create(table: "asset") { t in
                t.primaryKey("id", .text)
                t.column("event_id", .text).notNull().references("event", onDelete: .cascade)
                t.column("story_id", .text).references("story", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("title", .text).notNull()
                t.column("url", .text).notNull()
                t.column("language", .text)
                t.column("credit", .text)
                t.column("rights", .text)
                t.column("caption", .text)
                t.column("embargo", .text)
                t.column("content_type", .text)
                t.column("notes", .text)
                t.column("filmed", .text)
                t.column("location", .text)
                t.column("synopsis", .text)
                t.column("shotlist", .jsonText).notNull()
                t.column("speakers", .jsonText).notNull()
            }
            try db.create(index: "asset_on_event", on: "asset", columns: ["event_id", "story_id", "position"])
            try db.create(index: "asset_on_story", on: "asset", columns: ["story_id"])
            try db.create(index: "asset_on_url", on: "asset", columns: ["url"])
        }
        migrator.registerMigration("v2: link-check history and health per URL") { db in
            // Keyed by URL, not by asset: an import that removes an asset never deletes what was
            // learned about its link, and an asset added back finds its history again.
            try db.create(table: "link_check") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run", .text).notNull()
                t.column("url", .text).notNull()
                t.column("checked_at", .text).notNull()
                t.column("verdict", .text).notNull()
                t.column("is_success", .boolean).notNull()
                t.column("detail", .text)
                t.column("new_url", .text)
                t.column("http_status", .integer)
                t.column("method", .text)
                t.column("attempts", .integer).notNull()
                t.column("redirects", .jsonText).notNull()
                t.column("final_url", .text)
                t.column("content_type", .text)
                t.column("content_length", .integer)
                t.column("last_modified", .text)
                t.column("etag", .text)
                t.column("filename", .text)
                t.column("http_version", .text)
                t.column("remote_ip", .text)
                t.column("dns_seconds", .double)
                t.column("connect_seconds", .double)
                t.column("tls_seconds", .double)
                t.column("first_byte_seconds", .double)
                t.column("total_seconds", .double)
                t.column("certificate_expiry", .text)
                t.column("curl_code", .integer)
                t.column("curl_message", .text)
                t.column("bytes_read", .integer).notNull()
            }
            try db.create(index: "link_check_on_url", on: "link_check", columns: ["url", "checked_at"])
            try db.create(index: "link_check_on_run", on: "link_check", columns: ["run", "url"])
            try db.create(table: "link") { t in
                t.primaryKey("url", .text)
                t.column("verdict", .text).notNull()
                t.column("since", .text).notNull()
                t.column("last_checked", .text).notNull()
                t.column("last_ok", .text)
                t.column("consecutive_failures", .integer).notNull()
                t.column("last_check_id", .integer).notNull()
            }
        }
        migrator.registerMigration("v3: index stories' webstory links, not the history by run") { db in
            // Link checks read their targets a page at a time in URL order (CatalogueStore+LinkTargets):
            // without this index every page sorted the stories again.
            try db.execute(sql: "CREATE INDEX story_on_webstory ON story(webstory) WHERE webstory IS NOT NULL")
            // Reports no longer read a run's checks back (they are listed as the run goes), and this
            // index cost every recorded check a third B-tree insert.
            try db.execute(sql: "DROP INDEX link_check_on_run")
        }
        migrator.registerMigration("v4: notification outbox") { db in
            // One row per digest and channel. A row stays until a delivery succeeds, so a webhook or
            // mail server that is down loses nothing: the next run sends it, oldest first.
            try db.create(table: "notification") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("created_at", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("last_attempt_at", .text)
                t.column("last_error", .text)
                t.column("delivered_at", .text)
            }
            try db.execute(sql: "CREATE INDEX notification_pending ON notification(created_at, id) WHERE delivered_at IS NULL")
        }
        migrator.registerMigration("v5: due checks") { db in
            // `link` now holds every URL the catalogue uses, checked or not: a URL waiting for its
            // first check has verdict 'unchecked', last_check_id 0 and an empty last_checked (readers
            // of health join link_check, so they never see it). `check --due` picks rows by
            // next_check_at (Unix seconds) from an index over the URLs still in the catalogue, so
            // choosing what is due never scans the catalogue itself.
            try db.execute(sql: """
                ALTER TABLE link ADD COLUMN next_check_at INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE link ADD COLUMN in_catalogue BOOLEAN NOT NULL DEFAULT 0;
                -- The last check that saw the file itself (a success, not a 304): its ETag and
                -- Last-Modified make the next check conditional, its type and size stand for a 304's.
                ALTER TABLE link ADD COLUMN validator_check_id INTEGER;
                UPDATE link SET validator_check_id = last_check_id
                  WHERE (SELECT is_success AND coalesce(http_status, 0) != 304 FROM link_check WHERE id = last_check_id);
                INSERT INTO link (url, verdict, since, last_checked, consecutive_failures, last_check_id)
                  SELECT url, 'unchecked', '', '', 0, 0 FROM asset WHERE true
                  UNION SELECT webstory, 'unchecked', '', '', 0, 0 FROM story WHERE webstory IS NOT NULL
                  ON CONFLICT(url) DO NOTHING;
                UPDATE link SET in_catalogue = 1
                  WHERE url IN (SELECT url FROM asset UNION SELECT webstory FROM story WHERE webstory IS NOT NULL);
                CREATE INDEX link_due ON link(next_check_at) WHERE in_catalogue;
                -- Events whose links import changed since `check --due` last brought `link` up to date
                -- with them (an import of 200,000 assets should not also write 200,000 link rows).
                CREATE TABLE link_sync (event_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                CREATE TABLE mark (name TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL);
                CREATE TABLE alert (url TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, alerted_at TEXT NOT NULL, PRIMARY KEY (url, kind));
                """)
        }
        migrator.registerMigration("v6: media properties read by probes") { db in
            // Written on the check that probed the file (media_bytes is set exactly then); `link`
            // points at the latest such check, since a recheck that finds the file unchanged does not
            // probe it again. One column per property, so staff can query them in SQL
            // (`WHERE height < 720`) and listings read them by index.
            try db.execute(sql: """
                ALTER TABLE link_check ADD COLUMN media_bytes INTEGER;
                ALTER TABLE link_check ADD COLUMN media_note TEXT;
                ALTER TABLE link_check ADD COLUMN media_format TEXT;
                ALTER TABLE link_check ADD COLUMN width INTEGER;
                ALTER TABLE link_check ADD COLUMN height INTEGER;
                ALTER TABLE link_check ADD COLUMN duration REAL;
                ALTER TABLE link_check ADD COLUMN frame_rate REAL;
                ALTER TABLE link_check ADD COLUMN video_codec TEXT;
                ALTER TABLE link_check ADD COLUMN audio_codec TEXT;
                ALTER TABLE link_check ADD COLUMN sample_rate INTEGER;
                ALTER TABLE link_check ADD COLUMN channels INTEGER;
                ALTER TABLE link_check ADD COLUMN pages INTEGER;
                ALTER TABLE link_check ADD COLUMN page_title TEXT;
                ALTER TABLE link_check ADD COLUMN og_title TEXT;
                ALTER TABLE link_check ADD COLUMN og_description TEXT;
                ALTER TABLE link_check ADD COLUMN og_image TEXT;
                ALTER TABLE link_check ADD COLUMN canonical_url TEXT;
                ALTER TABLE link ADD COLUMN media_check_id INTEGER;
                """)
        }
        migrator.registerMigration(neverCheckedIsNullMigration) { db in
            // A URL waiting for its first check had placeholders for what no check had said yet
            // (verdict 'unchecked', since and last_checked '', last_check_id 0): NULL now, so no
            // reader can mistake them for values, and a CHECK keeps the four together. Making the
            // columns nullable needs the table rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter):
            // no foreign keys, views or triggers involve `link`, and the migrator runs this in a
            // transaction with foreign keys off and checks them before it commits (steps 1–3, 10–12).
            // Rowids are kept: `dueLinks` orders links due at the same second by them.
            try db.execute(sql: """
                CREATE TABLE new_link (
                  url TEXT PRIMARY KEY NOT NULL,
                  verdict TEXT,
                  since TEXT,
                  last_checked TEXT,
                  last_ok TEXT,
                  consecutive_failures INTEGER NOT NULL,
                  last_check_id INTEGER,
                  next_check_at INTEGER NOT NULL DEFAULT 0,
                  in_catalogue BOOLEAN NOT NULL DEFAULT 0,
                  validator_check_id INTEGER,
                  media_check_id INTEGER,
                  CHECK ((verdict IS NULL) = (last_check_id IS NULL) AND (since IS NULL) = (last_check_id IS NULL)
                         AND (last_checked IS NULL) = (last_check_id IS NULL)));
                INSERT INTO new_link (rowid, url, verdict, since, last_checked, last_ok, consecutive_failures, last_check_id,
                                      next_check_at, in_catalogue, validator_check_id, media_check_id)
                  SELECT rowid, url,
                         CASE WHEN last_check_id != 0 THEN verdict END,
                         CASE WHEN last_check_id != 0 THEN since END,
                         CASE WHEN last_check_id != 0 THEN last_checked END,
                         last_ok, consecutive_failures, nullif(last_check_id, 0),
                         next_check_at, in_catalogue, validator_check_id, media_check_id
                  FROM link;
                DROP TABLE link;
                ALTER TABLE new_link RENAME TO link;
                CREATE INDEX link_due ON link(next_check_at) WHERE in_catalogue;
                """)
        }
        migrator.registerMigration("v8: asset thumbnails") { db in
            // An image URL for the public page, link-checked like the asset's own URL: indexed as
            // `url` is, so check pages walk it in URL order.
            try db.execute(sql: """
                ALTER TABLE asset ADD COLUMN thumbnail TEXT;
                CREATE INDEX asset_on_thumbnail ON asset(thumbnail) WHERE thumbnail IS NOT NULL;
                """)
        }
        migrator.registerMigration(CatalogueStore.draftedItemsMigration, migrate: CatalogueStore.createDraftedItems)
        migrator.registerMigration(CatalogueStore.archivedCopiesMigration, migrate: CatalogueStore.createArchivedCopies)
        migrator.registerMigration("v11: texts in several languages") { db in
            // An event's texts in other languages than its own, with which assets translate which,
            // as one JSON document per event (`Translations`): kits read them a whole event at a
            // time, and an event's row is rewritten whenever anything of it changes.
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN language TEXT;
                ALTER TABLE event ADD COLUMN translations TEXT;
                """)
        }
        return migrator
    }
}
