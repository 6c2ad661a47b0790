import type pg from 'pg';
export declare const postgresTypes: pg.CustomTypesConfig;
