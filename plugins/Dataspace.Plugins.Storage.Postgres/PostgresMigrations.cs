namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>The PostgreSQL schema, as an ordered list of migrations. Append; never edit a released one. <c>{channel}</c> stands for the connector's NOTIFY channel.</summary>
internal static class PostgresMigrations
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "connector state, instances, assets, policies, offers, negotiations, agreements, transfers, outbox, usage", """
            -- Text compares byte-wise (COLLATE "C"), as ids are ordered ordinally whatever the database's locale.
            CREATE TABLE connector_state (
                key   text COLLATE "C" NOT NULL PRIMARY KEY,
                value text COLLATE "C" NOT NULL
            );
            CREATE TABLE connector_starts (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                started_at timestamptz NOT NULL,
                version    text COLLATE "C" NOT NULL
            );
            -- One row per running (or crashed) connector instance. An instance is alive while some session holds the
            -- advisory lock (Namespace, lock_key): the database releases it when that session ends, however it ends.
            CREATE TABLE connector_instances (
                lock_key   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name       text COLLATE "C" NOT NULL,
                started_at timestamptz NOT NULL
            );
            CREATE TABLE assets (
                id           text COLLATE "C" NOT NULL PRIMARY KEY,
                properties   text COLLATE "C" NOT NULL,
                data_address text COLLATE "C" NOT NULL,
                created_at   timestamptz NOT NULL
            );
            CREATE TABLE policies (
                id         text COLLATE "C" NOT NULL PRIMARY KEY,
                policy     text COLLATE "C" NOT NULL,
                created_at timestamptz NOT NULL
            );
            CREATE TABLE offers (
                id                  text COLLATE "C" NOT NULL PRIMARY KEY,
                asset_id            text COLLATE "C" NOT NULL REFERENCES assets (id),
                access_policy_id    text COLLATE "C" NOT NULL REFERENCES policies (id),
                contract_policy_id  text COLLATE "C" NOT NULL REFERENCES policies (id),
                access_keys_version text COLLATE "C" NOT NULL DEFAULT '',
                created_at          timestamptz NOT NULL
            );
            CREATE INDEX offers_catalog_order ON offers (asset_id, id);
            CREATE INDEX offers_access_keys_version ON offers (access_keys_version);
            CREATE TABLE offer_access_keys (
                key      text COLLATE "C" NOT NULL,
                offer_id text COLLATE "C" NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
                PRIMARY KEY (key, offer_id)
            );
            CREATE INDEX offer_access_keys_offer ON offer_access_keys (offer_id);
            CREATE TABLE negotiations (
                id                    text COLLATE "C" NOT NULL PRIMARY KEY,
                role                  text COLLATE "C" NOT NULL,
                peer_pid              text COLLATE "C",
                state                 integer NOT NULL,
                counter_party_id      text COLLATE "C" NOT NULL,
                counter_party_address text COLLATE "C" NOT NULL,
                offer_id              text COLLATE "C" NOT NULL,
                asset_id              text COLLATE "C" NOT NULL,
                offer                 text COLLATE "C" NOT NULL,
                agreement_id          text COLLATE "C",
                claims                text COLLATE "C",
                error                 text COLLATE "C",
                created_at            timestamptz NOT NULL,
                updated_at            timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX negotiations_peer ON negotiations (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX negotiations_state ON negotiations (role, state);
            CREATE TABLE agreements (
                id             text COLLATE "C" NOT NULL PRIMARY KEY,
                negotiation_id text COLLATE "C" NOT NULL UNIQUE,
                provider_id    text COLLATE "C" NOT NULL,
                consumer_id    text COLLATE "C" NOT NULL,
                asset_id       text COLLATE "C" NOT NULL,
                policy         text COLLATE "C" NOT NULL,
                signed_at      timestamptz NOT NULL
            );
            CREATE TABLE transfers (
                id                    text COLLATE "C" NOT NULL PRIMARY KEY,
                role                  text COLLATE "C" NOT NULL,
                peer_pid              text COLLATE "C",
                state                 integer NOT NULL,
                agreement_id          text COLLATE "C" NOT NULL,
                asset_id              text COLLATE "C" NOT NULL,
                transfer_type         text COLLATE "C" NOT NULL,
                counter_party_id      text COLLATE "C" NOT NULL,
                counter_party_address text COLLATE "C" NOT NULL,
                data_address          text COLLATE "C",
                error                 text COLLATE "C",
                created_at            timestamptz NOT NULL,
                updated_at            timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX transfers_peer ON transfers (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX transfers_state ON transfers (role, state);
            -- claimed_by names the instance (connector_instances.lock_key) sending the message; NULL = free to claim.
            CREATE TABLE outbox (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                process_kind     text COLLATE "C" NOT NULL,
                message_type     text COLLATE "C" NOT NULL,
                process_id       text COLLATE "C" NOT NULL,
                url              text COLLATE "C" NOT NULL,
                body             bytea NOT NULL,
                counter_party_id text COLLATE "C" NOT NULL,
                attempts         integer NOT NULL DEFAULT 0,
                next_attempt_at  timestamptz NOT NULL,
                last_error       text COLLATE "C",
                claimed_by       integer,
                claimed_at       timestamptz,
                created_at       timestamptz NOT NULL
            );
            CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE claimed_by IS NULL;
            CREATE INDEX outbox_process ON outbox (process_id, id);
            CREATE INDEX outbox_claimed ON outbox (claimed_by) WHERE claimed_by IS NOT NULL;
            -- Every instance LISTENs on the connector's channel ({channel}, one per schema): a stored or settled message
            -- wakes them (at commit), so idle instances never poll.
            CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify(TG_ARGV[0], '');
                RETURN NULL;
            END $$;
            CREATE TRIGGER outbox_changed AFTER INSERT OR DELETE ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify('{channel}');
            CREATE TABLE agreement_usage (
                agreement_id text COLLATE "C" NOT NULL PRIMARY KEY,
                uses         bigint NOT NULL,
                last_used_at timestamptz NOT NULL
            );
            """),
        new(2, "outbox messages say what their delivery means (purpose)", """
            ALTER TABLE outbox ADD COLUMN purpose integer NOT NULL DEFAULT 0;
            """),
        // Process steps: work a transition implies, claimed like outbox messages. Processes already in such a state get
        // their step here (NegotiationState 100 REQUESTED, 300 ACCEPTED, 500 VERIFIED; TransferState 100 REQUESTED).
        new(3, "process steps claimed like outbox messages", """
            CREATE TABLE process_steps (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                process_kind text COLLATE "C" NOT NULL,
                process_id   text COLLATE "C" NOT NULL,
                name         text COLLATE "C" NOT NULL,
                argument     text COLLATE "C",
                due_at       timestamptz NOT NULL,
                attempts     integer NOT NULL DEFAULT 0,
                last_error   text COLLATE "C",
                claimed_by   integer,
                claimed_at   timestamptz,
                created_at   timestamptz NOT NULL
            );
            CREATE INDEX process_steps_due ON process_steps (due_at) WHERE claimed_by IS NULL;
            CREATE INDEX process_steps_claimed ON process_steps (claimed_by) WHERE claimed_by IS NOT NULL;
            CREATE TRIGGER process_steps_changed AFTER INSERT OR DELETE ON process_steps FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify('{channel}');
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
        // Each new negotiation or transfer counts the peer's open processes (Connector:Quotas): by state, so finished
        // processes are not read (the peer index alone reads every process the peer ever had).
        new(4, "open processes per peer counted from an index by state", """
            CREATE INDEX negotiations_peer_state ON negotiations (role, counter_party_id, state) WHERE peer_pid IS NOT NULL;
            CREATE INDEX transfers_peer_state ON transfers (role, counter_party_id, state) WHERE peer_pid IS NOT NULL;
            """),
        // Every notification wakes every instance, which then claims (and mostly finds nothing): with two instances a
        // negotiation cost a quarter more database commands. Settling work frees nothing for another instance, except a
        // message of the same process queued behind the settled one (messages of a process go out in order).
        new(5, "settled steps wake no instance; a settled message only when its process has another waiting", """
            CREATE FUNCTION outbox_settled_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM settled s JOIN outbox o ON o.process_id = s.process_id) THEN
                    PERFORM pg_notify(TG_ARGV[0], '');
                END IF;
                RETURN NULL;
            END $$;
            DROP TRIGGER outbox_changed ON outbox;
            CREATE TRIGGER outbox_stored AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify('{channel}');
            CREATE TRIGGER outbox_settled AFTER DELETE ON outbox REFERENCING OLD TABLE AS settled FOR EACH STATEMENT EXECUTE FUNCTION outbox_settled_notify('{channel}');
            DROP TRIGGER process_steps_changed ON process_steps;
            CREATE TRIGGER process_steps_stored AFTER INSERT ON process_steps FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify('{channel}');
            """),
        // Rows stored held (claimed by the instance answering the request that caused them) are claimable by nobody, and
        // that instance runs them itself once it has answered: storing them wakes no instance. Whoever releases held rows
        // to all notifies itself.
        new(6, "storing held messages or steps wakes no instance", """
            CREATE FUNCTION work_stored_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM stored WHERE claimed_by IS NULL) THEN
                    PERFORM pg_notify(TG_ARGV[0], '');
                END IF;
                RETURN NULL;
            END $$;
            DROP TRIGGER outbox_stored ON outbox;
            CREATE TRIGGER outbox_stored AFTER INSERT ON outbox REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION work_stored_notify('{channel}');
            DROP TRIGGER process_steps_stored ON process_steps;
            CREATE TRIGGER process_steps_stored AFTER INSERT ON process_steps REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION work_stored_notify('{channel}');
            """),
        // The audit log (docs/evidence.md): entries hold their leaf hashes (level 0); audit_nodes the complete-subtree
        // hashes of every 8th level above. Appenders lock the head row (FOR UPDATE) and append only at the size they expect.
        new(7, "audit log: entries, tree nodes, checkpoints, cosignatures", """
            CREATE TABLE audit_log_head (
                id             integer NOT NULL PRIMARY KEY CHECK (id = 1),
                size           bigint NOT NULL,
                hash_algorithm text COLLATE "C" NOT NULL
            );
            CREATE TABLE audit_entries (
                idx           bigint NOT NULL PRIMARY KEY,
                time          timestamptz NOT NULL,
                data          bytea NOT NULL,
                leaf_hash     bytea NOT NULL,
                type          text COLLATE "C" NOT NULL,
                actor         text COLLATE "C",
                counter_party text COLLATE "C",
                process_id    text COLLATE "C",
                agreement_id  text COLLATE "C"
            );
            CREATE INDEX audit_entries_agreement ON audit_entries (agreement_id, idx) WHERE agreement_id IS NOT NULL;
            CREATE INDEX audit_entries_process ON audit_entries (process_id, idx) WHERE process_id IS NOT NULL;
            CREATE INDEX audit_entries_type ON audit_entries (type, idx);
            CREATE INDEX audit_entries_time ON audit_entries (time);
            CREATE TABLE audit_nodes (
                level integer NOT NULL,
                idx   bigint NOT NULL,
                hash  bytea NOT NULL,
                PRIMARY KEY (level, idx)
            );
            CREATE TABLE audit_checkpoints (
                size       bigint NOT NULL PRIMARY KEY,
                note       text COLLATE "C" NOT NULL,
                created_at timestamptz NOT NULL
            );
            CREATE TABLE audit_cosignatures (
                size        bigint NOT NULL,
                witness     text COLLATE "C" NOT NULL,
                line        text COLLATE "C" NOT NULL,
                received_at timestamptz NOT NULL,
                PRIMARY KEY (size, witness)
            );
            """),
        // Metering (docs/metering.md): each party's own usage records, the receipts both sign, and the statements priced from them.
        new(8, "usage records, receipts and statements", """
            CREATE TABLE usage_records (
                seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                agreement_id     text COLLATE "C" NOT NULL,
                transfer_id      text COLLATE "C",
                counter_party_id text COLLATE "C" NOT NULL,
                role             integer NOT NULL,
                kind             integer NOT NULL,
                bytes            bigint NOT NULL,
                requests         bigint NOT NULL,
                rows_count       bigint NOT NULL,
                component        text COLLATE "C",
                duration_ms      bigint NOT NULL,
                at               timestamptz NOT NULL
            );
            CREATE INDEX usage_records_agreement ON usage_records (agreement_id, at);
            CREATE INDEX usage_records_transfer ON usage_records (transfer_id) WHERE transfer_id IS NOT NULL;
            CREATE INDEX usage_records_at ON usage_records (at);
            CREATE TABLE usage_receipts (
                id               text COLLATE "C" NOT NULL PRIMARY KEY,
                agreement_id     text COLLATE "C" NOT NULL,
                transfer_id      text COLLATE "C",
                counter_party_id text COLLATE "C" NOT NULL,
                role             integer NOT NULL,
                period_start     timestamptz NOT NULL,
                period_end       timestamptz NOT NULL,
                ours             text COLLATE "C" NOT NULL,
                our_signature    text COLLATE "C" NOT NULL,
                theirs           text COLLATE "C",
                their_signature  text COLLATE "C",
                state            integer NOT NULL,
                note             text COLLATE "C",
                updated_at       timestamptz NOT NULL
            );
            CREATE INDEX usage_receipts_agreement ON usage_receipts (agreement_id, period_end);
            CREATE INDEX usage_receipts_state ON usage_receipts (state, period_end);
            CREATE TABLE usage_statements (
                id                text COLLATE "C" NOT NULL PRIMARY KEY,
                counter_party_id  text COLLATE "C" NOT NULL,
                role              integer NOT NULL,
                period_start      timestamptz NOT NULL,
                period_end        timestamptz NOT NULL,
                currency          text COLLATE "C" NOT NULL,
                total             numeric NOT NULL,
                lines             text COLLATE "C" NOT NULL,
                state             integer NOT NULL,
                paid_at           timestamptz,
                payment_reference text COLLATE "C",
                created_at        timestamptz NOT NULL
            );
            CREATE INDEX usage_statements_counter_party ON usage_statements (counter_party_id, period_end);
            CREATE TABLE usage_statement_agreements (
                statement_id text COLLATE "C" NOT NULL REFERENCES usage_statements (id) ON DELETE CASCADE,
                agreement_id text COLLATE "C" NOT NULL,
                PRIMARY KEY (agreement_id, statement_id)
            );
            """),
        // The audit tree stores every 4th level (proofs read 16 hashes per band, not 256). A log written before stores every
        // 8th: its head says so until a connector backfills levels 4, 12, 20, ... from the stored ones (hashing needs the
        // tree's hash function, so the backfill is the connector's code) and sets the stride to 4.
        new(9, "audit log: the stored tree levels' stride, every 8th for logs written before", """
            ALTER TABLE audit_log_head ADD COLUMN stored_level_stride integer NOT NULL DEFAULT 8;
            """),
        // Work leases: of several instances on one database, only the holder runs a periodic job (the receipt period worker).
        new(10, "work leases", """
            CREATE TABLE work_leases (
                name       text COLLATE "C" NOT NULL PRIMARY KEY,
                holder     text COLLATE "C" NOT NULL,
                expires_at timestamptz NOT NULL
            );
            """),
        // Compute jobs (docs/compute/engine.md): each party's copy of a job (its JSON, with the columns lists filter on), the
        // agreements binding it, the outputs this party received, and the privacy-budget ledger per agreement and period.
        new(11, "compute jobs, their agreements and outputs, privacy budget ledger", """
            CREATE TABLE compute_jobs (
                id         text COLLATE "C" NOT NULL PRIMARY KEY,
                initiator  text COLLATE "C" NOT NULL,
                state      integer NOT NULL,
                job        text COLLATE "C" NOT NULL,
                version    integer NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE INDEX compute_jobs_created ON compute_jobs (created_at, id);
            CREATE INDEX compute_jobs_state ON compute_jobs (state, created_at);
            CREATE TABLE compute_job_agreements (
                agreement_id text COLLATE "C" NOT NULL,
                job_id       text COLLATE "C" NOT NULL REFERENCES compute_jobs (id) ON DELETE CASCADE,
                created_at   timestamptz NOT NULL,
                PRIMARY KEY (agreement_id, job_id)
            );
            CREATE TABLE compute_outputs (
                seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                job_id       text COLLATE "C" NOT NULL REFERENCES compute_jobs (id) ON DELETE CASCADE,
                task_id      text COLLATE "C" NOT NULL,
                name         text COLLATE "C" NOT NULL,
                receiver     text COLLATE "C" NOT NULL,
                release_kind text COLLATE "C" NOT NULL,
                type         text COLLATE "C" NOT NULL,
                content      text COLLATE "C" NOT NULL,
                media_type   text COLLATE "C" NOT NULL,
                size         bigint NOT NULL,
                created_at   timestamptz NOT NULL,
                UNIQUE (job_id, task_id, name, receiver)
            );
            CREATE TABLE privacy_budgets (
                agreement_id text COLLATE "C" NOT NULL,
                period_start timestamptz NOT NULL,
                epsilon      double precision NOT NULL,
                delta        double precision NOT NULL,
                PRIMARY KEY (agreement_id, period_start)
            );
            CREATE TABLE privacy_budget_spends (
                seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                agreement_id text COLLATE "C" NOT NULL,
                period_start timestamptz NOT NULL,
                epsilon      double precision NOT NULL,
                delta        double precision NOT NULL,
                reason       text COLLATE "C" NOT NULL,
                at           timestamptz NOT NULL
            );
            CREATE INDEX privacy_budget_spends_agreement ON privacy_budget_spends (agreement_id, period_start);
            """),
    ];
}
