import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionOf, genreOf, placeDocument, speakerFromFileName } from './place';

describe('genreOf', () => {
  it('derives the genre from the source type, then the title, then the collection', () => {
    expect(genreOf('2024年中华人民共和国国务院政府工作报告')).toBe('work-report');
    expect(genreOf('第十四届全国人民代表大会第二次会议关于政府工作报告的决议')).toBe('resolution');
    expect(genreOf('北京共产主义组织的报告 (一大)', { type: 'cpc_congress_report' })).toBe('congress-report');
    expect(genreOf('沿着有中国特色的社会主义道路前进 (十三大)')).toBe('congress-report');
    expect(genreOf('《新闻联播》（20240305）')).toBe('news');
    expect(genreOf('市政協主席在全市政協工作會議上的講話')).toBe('speech');
    expect(genreOf('在浦东开发开放30周年庆祝大会上', {}, 'plsc_xi_speeches')).toBe('speech');
    expect(genreOf('关于某事的通知')).toBe('other');
  });
});

describe('speakerFromFileName', () => {
  it('reads a name after the title, not document words', () => {
    expect(speakerFromFileName('x/1998政府工作报告_李鹏.txt')).toBe('李鹏');
    expect(speakerFromFileName('1964政府工作报告_周恩来_摘要.txt')).toBe('周恩来');
    expect(speakerFromFileName('2026_海南省_政府工作报告.csv#1')).toBeNull();
    expect(speakerFromFileName('20240305.md')).toBeNull();
  });
});

describe('placeDocument', () => {
  it('takes region and speaker from the record, collection from the metadata', () => {
    const p = placeDocument('2026年海南省政府工作报告', { region: '海南省', speaker: '某某', collection: 'provinces' }, '2026_海南省_政府工作报告.csv#1');
    expect(p).toEqual({ collection: 'provinces', genre: 'work-report', region: '海南省', speaker: '某某' });
  });
});

describe('collectionOf', () => {
  const root = path.resolve('/corpus');
  it('is the first folder below a directory of collections, else the directory named', () => {
    const many = () => 5;
    expect(collectionOf('/corpus/textworkshop17/demos/a.txt', [root], many)).toBe('textworkshop17');
    expect(collectionOf('/corpus/cctv_news/news/20240101.md', ['/corpus/cctv_news'], () => 1)).toBe('cctv_news');
    expect(collectionOf('/elsewhere/samples/a.txt', ['/elsewhere/samples/a.txt'], many)).toBe('samples');
    expect(collectionOf('/corpus/x/a.txt', [root], many, 'mine')).toBe('mine');
  });
});
