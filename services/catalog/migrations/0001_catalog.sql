-- Up Migration

-- A brand is known by its name without regard to case ("Oakhollow" and "OAKHOLLOW" are one brand),
-- so the lower-case name is the key products refer to and sort by.
CREATE TABLE brands (
  key         text PRIMARY KEY CHECK (key = lower(name)),
  name        text NOT NULL CHECK (name <> ''),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id           uuid PRIMARY KEY,
  external_id  text NOT NULL UNIQUE,   -- the supplier's id: imports upsert by it, so a re-run changes nothing
  brand_key    text NOT NULL REFERENCES brands (key),
  name         text NOT NULL CHECK (name <> ''),
  category     text NOT NULL CHECK (category IN
                 ('foundation', 'concealer', 'powder', 'blush', 'bronzer', 'highlighter', 'lipstick', 'eyeshadow')),
  price        numeric(18, 9) NOT NULL CHECK (price >= 0),   -- exact for shine.type.v1.Money (nanos)
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  finish       text CHECK (finish IN ('matte', 'natural', 'satin', 'dewy', 'shimmer', 'glossy', 'metallic')),
  coverage     text CHECK (coverage IN ('sheer', 'light', 'medium', 'full')),
  tags         text[] NOT NULL DEFAULT '{}',
  search       tsvector NOT NULL,      -- brand, name and tags, for the `query` filter
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- ListProducts pages in (brand, name, id) order; this index serves the order, the keyset cursor and
-- the brand filter.
CREATE INDEX products_listing_idx ON products (brand_key, name, id);
-- The same order within one category, the filter nearly every caller sets.
CREATE INDEX products_category_listing_idx ON products (category, brand_key, name, id);
-- Price range filters, which only compare prices in one currency.
CREATE INDEX products_price_idx ON products (currency, price);
CREATE INDEX products_search_idx ON products USING gin (search);

CREATE TABLE shades (
  id          uuid PRIMARY KEY,
  product_id  uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (name <> ''),
  hex         text NOT NULL CHECK (hex ~ '^#[0-9a-f]{6}$'),
  -- CIELAB (D65) of the shade, what matching compares; measured values when the supplier has them,
  -- else computed from hex.
  l           double precision NOT NULL CHECK (l BETWEEN 0 AND 100),
  a           double precision NOT NULL CHECK (a BETWEEN -128 AND 128),
  b           double precision NOT NULL CHECK (b BETWEEN -128 AND 128),
  undertone   text CHECK (undertone IN ('warm', 'neutral', 'cool')),
  depth       text CHECK (depth IN ('fair', 'light', 'medium', 'tan', 'deep', 'rich')),
  monk_level  smallint CHECK (monk_level BETWEEN 1 AND 10),   -- the Monk Skin Tone level the shade is made for
  in_stock    boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, name)            -- a shade is known by its name within its product
);

-- The undertone and in-stock filters of ListProducts ask "has the product such a shade?".
CREATE INDEX shades_product_undertone_idx ON shades (product_id, undertone);
CREATE INDEX shades_product_in_stock_idx ON shades (product_id) WHERE in_stock;

-- One row: the catalogue's version, bumped by every import that changed something. Replicas compare
-- it with their in-memory shade index and product cache, and hear of changes by NOTIFY catalog_changed.
CREATE TABLE catalog_version (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version     bigint NOT NULL,
  changed_at  timestamptz NOT NULL
);
INSERT INTO catalog_version (version, changed_at) VALUES (0, now());

-- Down Migration
DROP TABLE catalog_version;
DROP TABLE shades;
DROP TABLE products;
DROP TABLE brands;
