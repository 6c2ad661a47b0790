import { describe, expect, it } from 'vitest';
import { ordinalValue, sessionYear } from './calendar';

describe('ordinalValue', () => {
  it('reads Chinese ordinals up to 九十九', () => {
    expect(['一', '九', '十', '十四', '二十', '二十三', '12'].map(ordinalValue)).toEqual([1, 9, 10, 14, 20, 23, 12]);
    expect(ordinalValue('')).toBeNull();
    expect(ordinalValue('百')).toBeNull();
  });
});

describe('sessionYear', () => {
  it('gives the year of an NPC session, annual from the 5th NPC, listed before', () => {
    expect(sessionYear('第五届全国人民代表大会第一次会议')).toBe(1978);
    expect(sessionYear('第十届全国人民代表大会第五次会议关于政府工作报告的决议')).toBe(2007);
    expect(sessionYear('第一届全国人民代表大会第四次会议')).toBe(1957);
    expect(sessionYear('第二届全国人民代表大会第四次会议')).toBe(1963);
    expect(sessionYear('第二届全国人民代表大会第九次会议')).toBeNull();
  });

  it('gives the year of a Party congress, written out or abbreviated', () => {
    expect(sessionYear('论联合政府 (七大)')).toBe(1945);
    expect(sessionYear('北京共产主义组织的报告 (一大)')).toBe(1921);
    expect(sessionYear('中国共产党第二十次全国代表大会')).toBe(2022);
    expect(sessionYear('高举中国特色社会主义伟大旗帜（十七大）')).toBe(2007);
    expect(sessionYear('中国共产党第二十一次全国代表大会')).toBeNull(); // not yet held
  });

  it('takes whichever the text names first', () => {
    expect(sessionYear('中国共产党第十次全国代表大会，是在党的第九次全国代表大会的路线取得了伟大胜利的形势下召开的')).toBe(1973);
    expect(sessionYear('贯彻第十四届全国人民代表大会第二次会议和中国共产党第二十次全国代表大会精神')).toBe(2024);
  });
});
