namespace Dataspace.Plugins.Storage.Postgres;

/// <summary>The PostgreSQL schema, as an ordered list of migrations. Append; never edit a released one.</summary>
internal static class PostgresMigrations
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "connector state, instances, assets, policies, offers, negotiations, agreements, transfers, outbox, usage", """
            CREATE TABLE connector_state (
                key   text NOT NULL PRIMARY KEY,
                value text NOT NULL
            );
            CREATE TABLE connector_starts (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                started_at timestamptz NOT NULL,
                version    text NOT NULL
            );
            -- One row per running (or crashed) connector instance. An instance is alive while some session holds the
            -- advisory lock (Namespace, lock_key): the database releases it when that session ends, however it ends.
            CREATE TABLE connector_instances (
                lock_key   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name       text NOT NULL,
                started_at timestamptz NOT NULL
            );
            CREATE TABLE assets (
                id           text NOT NULL PRIMARY KEY,
                properties   text NOT NULL,
                data_address text NOT NULL,
                created_at   timestamptz NOT NULL
            );
            CREATE TABLE policies (
                id         text NOT NULL PRIMARY KEY,
                policy     text NOT NULL,
                created_at timestamptz NOT NULL
            );
            CREATE TABLE offers (
                id                  text NOT NULL PRIMARY KEY,
                asset_id            text NOT NULL REFERENCES assets (id),
                access_policy_id    text NOT NULL REFERENCES policies (id),
                contract_policy_id  text NOT NULL REFERENCES policies (id),
                access_keys_version text NOT NULL DEFAULT '',
                created_at          timestamptz NOT NULL
            );
            CREATE INDEX offers_catalog_order ON offers (asset_id, id);
            CREATE INDEX offers_access_keys_version ON offers (access_keys_version);
            CREATE TABLE offer_access_keys (
                key      text NOT NULL,
                offer_id text NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
                PRIMARY KEY (key, offer_id)
            );
            CREATE INDEX offer_access_keys_offer ON offer_access_keys (offer_id);
            CREATE TABLE negotiations (
                id                    text NOT NULL PRIMARY KEY,
                role                  text NOT NULL,
                peer_pid              text,
                state                 integer NOT NULL,
                counter_party_id      text NOT NULL,
                counter_party_address text NOT NULL,
                offer_id              text NOT NULL,
                asset_id              text NOT NULL,
                offer                 text NOT NULL,
                agreement_id          text,
                claims                text,
                error                 text,
                created_at            timestamptz NOT NULL,
                updated_at            timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX negotiations_peer ON negotiations (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX negotiations_state ON negotiations (role, state);
            CREATE TABLE agreements (
                id             text NOT NULL PRIMARY KEY,
                negotiation_id text NOT NULL UNIQUE,
                provider_id    text NOT NULL,
                consumer_id    text NOT NULL,
                asset_id       text NOT NULL,
                policy         text NOT NULL,
                signed_at      timestamptz NOT NULL
            );
            CREATE TABLE transfers (
                id                    text NOT NULL PRIMARY KEY,
                role                  text NOT NULL,
                peer_pid              text,
                state                 integer NOT NULL,
                agreement_id          text NOT NULL,
                asset_id              text NOT NULL,
                transfer_type         text NOT NULL,
                counter_party_id      text NOT NULL,
                counter_party_address text NOT NULL,
                data_address          text,
                error                 text,
                created_at            timestamptz NOT NULL,
                updated_at            timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX transfers_peer ON transfers (role, counter_party_id, peer_pid) WHERE peer_pid IS NOT NULL;
            CREATE INDEX transfers_state ON transfers (role, state);
            -- claimed_by names the instance (connector_instances.lock_key) sending the message; NULL = free to claim.
            CREATE TABLE outbox (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                process_kind     text NOT NULL,
                message_type     text NOT NULL,
                process_id       text NOT NULL,
                url              text NOT NULL,
                body             bytea NOT NULL,
                counter_party_id text NOT NULL,
                attempts         integer NOT NULL DEFAULT 0,
                next_attempt_at  timestamptz NOT NULL,
                last_error       text,
                claimed_by       integer,
                claimed_at       timestamptz,
                created_at       timestamptz NOT NULL
            );
            CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE claimed_by IS NULL;
            CREATE INDEX outbox_process ON outbox (process_id, id);
            CREATE INDEX outbox_claimed ON outbox (claimed_by) WHERE claimed_by IS NOT NULL;
            -- Every instance LISTENs on dataspace_outbox: a stored or settled message wakes them (at commit), so
            -- idle instances never poll.
            CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('dataspace_outbox', '');
                RETURN NULL;
            END $$;
            CREATE TRIGGER outbox_changed AFTER INSERT OR DELETE ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
            CREATE TABLE agreement_usage (
                agreement_id text NOT NULL PRIMARY KEY,
                uses         bigint NOT NULL,
                last_used_at timestamptz NOT NULL
            );
            """),
    ];
}
