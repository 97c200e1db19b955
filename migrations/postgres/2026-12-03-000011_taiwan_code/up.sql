-- The seed's source listed Taiwan with a placeholder instead of its GB/T 2260
-- code; nothing refers to the region, so it is renamed in place.
UPDATE regions SET code = '710000' WHERE code = '资料暂缺00'
    AND NOT EXISTS (SELECT 1 FROM regions WHERE code = '710000');
