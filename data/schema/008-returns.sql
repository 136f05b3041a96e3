-- Returns as the desk processes them: what leaves the order's payment
-- (value) and how it was computed, what an exchange costs on top, a lead's
-- reason for accepting a return outside its window, and whether the shop
-- still has to be told (returns are recorded here first; pushing them to
-- the shop is optional).

ALTER TABLE returns ADD COLUMN value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0);
ALTER TABLE returns ADD COLUMN charge INTEGER NOT NULL DEFAULT 0 CHECK (charge >= 0);
ALTER TABLE returns ADD COLUMN breakdown TEXT NOT NULL DEFAULT '{}';
ALTER TABLE returns ADD COLUMN override_reason TEXT;
ALTER TABLE returns ADD COLUMN shop_state TEXT NOT NULL DEFAULT 'manual'
    CHECK (shop_state IN ('manual', 'pending', 'done', 'failed'));
ALTER TABLE returns ADD COLUMN shop_ref TEXT;
ALTER TABLE returns ADD COLUMN shop_error TEXT;

UPDATE returns SET value = refund_amount + credit_amount;
