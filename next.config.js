/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and large server-only packages stay out of the bundle.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg', 'opencc-js', 'pinyin-pro'],
  poweredByHeader: false,
};

module.exports = nextConfig;
