DROP TABLE outlet_hours;
DROP TABLE matter_channels;
DROP TABLE matters;
DROP TABLE calendar_days;
DROP TABLE calendar_years;
