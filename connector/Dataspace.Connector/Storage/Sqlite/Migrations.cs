namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>The schema of the embedded database, as an ordered list of migrations. Append; never edit a released one.</summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "connector state", """
            CREATE TABLE connector_state (
                key   TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE connector_starts (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                version    TEXT NOT NULL
            );
            """),
        new(2, "assets, policies, offers, negotiations, agreements, transfers, outbox", """
            CREATE TABLE assets (
                id           TEXT NOT NULL PRIMARY KEY,
                properties   TEXT NOT NULL,
                data_address TEXT NOT NULL,
                created_at   TEXT NOT NULL
            );
            CREATE TABLE policies (
                id         TEXT NOT NULL PRIMARY KEY,
                policy     TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE offers (
                id                 TEXT NOT NULL PRIMARY KEY,
                asset_id           TEXT NOT NULL REFERENCES assets (id),
                access_policy_id   TEXT NOT NULL REFERENCES policies (id),
                contract_policy_id TEXT NOT NULL REFERENCES policies (id),
                created_at         TEXT NOT NULL
            );
            CREATE INDEX offers_asset ON offers (asset_id);
            CREATE TABLE negotiations (
                id                    TEXT NOT NULL PRIMARY KEY,
                role                  TEXT NOT NULL,
                peer_pid              TEXT,
                state                 INTEGER NOT NULL,
                counter_party_id      TEXT NOT NULL,
                counter_party_address TEXT NOT NULL,
                offer_id              TEXT NOT NULL,
                asset_id              TEXT NOT NULL,
                offer                 TEXT NOT NULL,
                agreement_id          TEXT,
                claims                TEXT,
                error                 TEXT,
                created_at            TEXT NOT NULL,
                updated_at            TEXT NOT NULL
            );
            CREATE UNIQUE INDEX negotiations_peer ON negotiations (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX negotiations_state ON negotiations (role, state);
            CREATE TABLE agreements (
                id             TEXT NOT NULL PRIMARY KEY,
                negotiation_id TEXT NOT NULL UNIQUE,
                provider_id    TEXT NOT NULL,
                consumer_id    TEXT NOT NULL,
                asset_id       TEXT NOT NULL,
                policy         TEXT NOT NULL,
                signed_at      TEXT NOT NULL
            );
            CREATE TABLE transfers (
                id                    TEXT NOT NULL PRIMARY KEY,
                role                  TEXT NOT NULL,
                peer_pid              TEXT,
                state                 INTEGER NOT NULL,
                agreement_id          TEXT NOT NULL,
                asset_id              TEXT NOT NULL,
                transfer_type         TEXT NOT NULL,
                counter_party_id      TEXT NOT NULL,
                counter_party_address TEXT NOT NULL,
                data_address          TEXT,
                error                 TEXT,
                created_at            TEXT NOT NULL,
                updated_at            TEXT NOT NULL
            );
            CREATE UNIQUE INDEX transfers_peer ON transfers (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX transfers_state ON transfers (role, state);
            CREATE TABLE outbox (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                process_kind    TEXT NOT NULL,
                message_type    TEXT NOT NULL,
                process_id      TEXT NOT NULL,
                url             TEXT NOT NULL,
                body            BLOB NOT NULL,
                counter_party_id TEXT NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error      TEXT,
                created_at      TEXT NOT NULL
            );
            CREATE INDEX outbox_due ON outbox (next_attempt_at);
            """),
        new(3, "usage metering per agreement", """
            CREATE TABLE agreement_usage (
                agreement_id TEXT NOT NULL PRIMARY KEY,
                uses         INTEGER NOT NULL,
                last_used_at TEXT NOT NULL
            );
            """),
        new(4, "offers indexed by what their access policies need of a requester's claims", """
            ALTER TABLE offers ADD COLUMN access_keys_version TEXT NOT NULL DEFAULT '';
            CREATE TABLE offer_access_keys (
                key      TEXT NOT NULL,
                offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
                PRIMARY KEY (key, offer_id)
            ) WITHOUT ROWID;
            CREATE INDEX offer_access_keys_offer ON offer_access_keys (offer_id);
            CREATE INDEX offers_access_keys_version ON offers (access_keys_version);
            CREATE INDEX offers_catalog_order ON offers (asset_id, id);
            """),
        new(5, "outbox messages claimed by the instance delivering them", """
            ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
            CREATE INDEX outbox_process ON outbox (process_id, id);
            """),
        // Before this, a first request was marked by ':initial' after its @type; a message stored then is still sent after the upgrade.
        new(6, "outbox messages say what their delivery means (purpose) instead of a suffix on the message type", """
            ALTER TABLE outbox ADD COLUMN purpose INTEGER NOT NULL DEFAULT 0;
            UPDATE outbox SET purpose = 1, message_type = substr(message_type, 1, length(message_type) - length(':initial'))
                WHERE message_type LIKE '%:initial';
            """),
        // Work a state implied used to be found again by start-up scans; the processes already in such a state get their
        // step here, so an upgrade loses none (the codes are NegotiationState/TransferState: 100 REQUESTED, 300 ACCEPTED,
        // 500 VERIFIED; transfers 100 REQUESTED).
        new(7, "process steps claimed like outbox messages", """
            CREATE TABLE process_steps (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                process_kind TEXT NOT NULL,
                process_id   TEXT NOT NULL,
                name         TEXT NOT NULL,
                argument     TEXT,
                due_at       TEXT NOT NULL,
                attempts     INTEGER NOT NULL DEFAULT 0,
                last_error   TEXT,
                claimed_by   TEXT,
                created_at   TEXT NOT NULL
            );
            CREATE INDEX process_steps_due ON process_steps (due_at);
            INSERT INTO process_steps (process_kind, process_id, name, argument, due_at, created_at)
                SELECT 'negotiation', id, 'decide', CASE state WHEN 300 THEN 'Accepted' ELSE 'Requested' END, updated_at, updated_at
                FROM negotiations WHERE role = 'Provider' AND state IN (100, 300) ORDER BY created_at;
            INSERT INTO process_steps (process_kind, process_id, name, argument, due_at, created_at)
                SELECT 'negotiation', id, 'finalize', NULL, updated_at, updated_at
                FROM negotiations WHERE role = 'Provider' AND state = 500 ORDER BY created_at;
            INSERT INTO process_steps (process_kind, process_id, name, argument, due_at, created_at)
                SELECT 'transfer', id, 'start', NULL, updated_at, updated_at
                FROM transfers WHERE role = 'Provider' AND state = 100 ORDER BY created_at;
            """),
        // The audit log (docs/evidence.md): entries hold their leaf hashes (level 0); audit_nodes the complete-subtree
        // hashes of every 8th level above; the head row is the log's size and the hash algorithm fixed at creation.
        // Times are Unix milliseconds, so a time range is an integer range.
        new(8, "audit log: entries, tree nodes, checkpoints, cosignatures", """
            CREATE TABLE audit_log_head (
                id             INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                size           INTEGER NOT NULL,
                hash_algorithm TEXT NOT NULL
            );
            CREATE TABLE audit_entries (
                idx           INTEGER NOT NULL PRIMARY KEY,
                time_ms       INTEGER NOT NULL,
                data          BLOB NOT NULL,
                leaf_hash     BLOB NOT NULL,
                type          TEXT NOT NULL,
                actor         TEXT,
                counter_party TEXT,
                process_id    TEXT,
                agreement_id  TEXT
            );
            CREATE INDEX audit_entries_agreement ON audit_entries (agreement_id, idx) WHERE agreement_id IS NOT NULL;
            CREATE INDEX audit_entries_process ON audit_entries (process_id, idx) WHERE process_id IS NOT NULL;
            CREATE INDEX audit_entries_type ON audit_entries (type, idx);
            CREATE INDEX audit_entries_time ON audit_entries (time_ms);
            -- Proofs read runs of leaf hashes: from this narrow index, not from rows that carry the entries' data.
            CREATE INDEX audit_entries_leaves ON audit_entries (idx, leaf_hash);
            CREATE TABLE audit_nodes (
                level INTEGER NOT NULL,
                idx   INTEGER NOT NULL,
                hash  BLOB NOT NULL,
                PRIMARY KEY (level, idx)
            ) WITHOUT ROWID;
            CREATE TABLE audit_checkpoints (
                size       INTEGER NOT NULL PRIMARY KEY,
                note       TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE audit_cosignatures (
                size        INTEGER NOT NULL,
                witness     TEXT NOT NULL,
                line        TEXT NOT NULL,
                received_at TEXT NOT NULL,
                PRIMARY KEY (size, witness)
            );
            """),
        // Metering (docs/metering.md): each party's own usage records, the receipts both sign, and the statements priced from them.
        new(9, "usage records, receipts and statements", """
            CREATE TABLE usage_records (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                agreement_id     TEXT NOT NULL,
                transfer_id      TEXT,
                counter_party_id TEXT NOT NULL,
                role             INTEGER NOT NULL,
                kind             INTEGER NOT NULL,
                bytes            INTEGER NOT NULL,
                requests         INTEGER NOT NULL,
                rows_count       INTEGER NOT NULL,
                component        TEXT,
                duration_ms      INTEGER NOT NULL,
                at               TEXT NOT NULL
            );
            CREATE INDEX usage_records_agreement ON usage_records (agreement_id, at);
            CREATE INDEX usage_records_transfer ON usage_records (transfer_id) WHERE transfer_id IS NOT NULL;
            CREATE INDEX usage_records_at ON usage_records (at);
            CREATE TABLE usage_receipts (
                id               TEXT NOT NULL PRIMARY KEY,
                agreement_id     TEXT NOT NULL,
                transfer_id      TEXT,
                counter_party_id TEXT NOT NULL,
                role             INTEGER NOT NULL,
                period_start     TEXT NOT NULL,
                period_end       TEXT NOT NULL,
                ours             TEXT NOT NULL,
                our_signature    TEXT NOT NULL,
                theirs           TEXT,
                their_signature  TEXT,
                state            INTEGER NOT NULL,
                note             TEXT,
                updated_at       TEXT NOT NULL
            );
            CREATE INDEX usage_receipts_agreement ON usage_receipts (agreement_id, period_end);
            CREATE INDEX usage_receipts_state ON usage_receipts (state, period_end);
            CREATE TABLE usage_statements (
                id                TEXT NOT NULL PRIMARY KEY,
                counter_party_id  TEXT NOT NULL,
                role              INTEGER NOT NULL,
                period_start      TEXT NOT NULL,
                period_end        TEXT NOT NULL,
                currency          TEXT NOT NULL,
                total             TEXT NOT NULL,
                lines             TEXT NOT NULL,
                state             INTEGER NOT NULL,
                paid_at           TEXT,
                payment_reference TEXT,
                created_at        TEXT NOT NULL
            );
            CREATE INDEX usage_statements_counter_party ON usage_statements (counter_party_id, period_end);
            CREATE TABLE usage_statement_agreements (
                statement_id TEXT NOT NULL REFERENCES usage_statements (id) ON DELETE CASCADE,
                agreement_id TEXT NOT NULL,
                PRIMARY KEY (agreement_id, statement_id)
            ) WITHOUT ROWID;
            """),
        // The audit tree stores every 4th level (proofs read 16 hashes per band, not 256). A log written before stores every
        // 8th: its head says so until the connector backfills levels 4, 12, 20, ... from the stored ones (hashing needs
        // the tree's hash function, so the backfill is code: AuditNodeBackfill) and sets the stride to 4.
        new(10, "audit log: the stored tree levels' stride, every 8th for logs written before", """
            ALTER TABLE audit_log_head ADD COLUMN stored_level_stride INTEGER NOT NULL DEFAULT 8;
            """),
        // Work leases: of several processes on one database, only the holder runs a periodic job (the receipt period worker).
        new(11, "work leases", """
            CREATE TABLE work_leases (
                name       TEXT NOT NULL PRIMARY KEY,
                holder     TEXT NOT NULL,
                expires_ms INTEGER NOT NULL
            );
            """),
        // Compute jobs (docs/compute/engine.md): each party's copy of a job (its JSON, with the columns lists filter on), the
        // agreements binding it, the outputs this party received, and the privacy-budget ledger per agreement and period.
        new(12, "compute jobs, their agreements and outputs, privacy budget ledger", """
            CREATE TABLE compute_jobs (
                id         TEXT NOT NULL PRIMARY KEY,
                initiator  TEXT NOT NULL,
                state      INTEGER NOT NULL,
                job        TEXT NOT NULL,
                version    INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX compute_jobs_created ON compute_jobs (created_at, id);
            CREATE INDEX compute_jobs_state ON compute_jobs (state, created_at);
            CREATE TABLE compute_job_agreements (
                agreement_id TEXT NOT NULL,
                job_id       TEXT NOT NULL REFERENCES compute_jobs (id) ON DELETE CASCADE,
                created_at   TEXT NOT NULL,
                PRIMARY KEY (agreement_id, job_id)
            ) WITHOUT ROWID;
            CREATE TABLE compute_outputs (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                job_id       TEXT NOT NULL REFERENCES compute_jobs (id) ON DELETE CASCADE,
                task_id      TEXT NOT NULL,
                name         TEXT NOT NULL,
                receiver     TEXT NOT NULL,
                release_kind TEXT NOT NULL,
                type         TEXT NOT NULL,
                content      TEXT NOT NULL,
                media_type   TEXT NOT NULL,
                size         INTEGER NOT NULL,
                created_at   TEXT NOT NULL,
                UNIQUE (job_id, task_id, name, receiver)
            );
            CREATE TABLE privacy_budgets (
                agreement_id TEXT NOT NULL,
                period_start TEXT NOT NULL,
                epsilon      REAL NOT NULL,
                delta        REAL NOT NULL,
                PRIMARY KEY (agreement_id, period_start)
            ) WITHOUT ROWID;
            CREATE TABLE privacy_budget_spends (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                agreement_id TEXT NOT NULL,
                period_start TEXT NOT NULL,
                epsilon      REAL NOT NULL,
                delta        REAL NOT NULL,
                reason       TEXT NOT NULL,
                at           TEXT NOT NULL
            );
            CREATE INDEX privacy_budget_spends_agreement ON privacy_budget_spends (agreement_id, period_start);
            """),
    ];
}
