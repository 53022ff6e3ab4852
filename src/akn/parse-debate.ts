import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../shared/app-error.ts';
import { parseInstant } from '../shared/instant.ts';

/** One contribution to a debate: a `<speech>`, `<question>` or `<answer>` (AKN's speechType). */
export interface DebateSpeech {
  /** The element's eId (or AKN 2.0 id), or one made the way AKN names eIds: parent eId + `__speech_N`. */
  eId: string;
  element: 'speech' | 'question' | 'answer';
  /** The eId of the speaker in `<references>` (`by="#alfa"` gives `alfa`); null when not given. */
  by: string | null;
  /** The role the speaker speaks in (`as`, or a `refersTo` naming a TLCRole), by eId. */
  as: string | null;
  /** How the record names the speaker at that moment (`<from>`), without its trailing colon. */
  from: string | null;
  /** The words, one paragraph per line. */
  text: string;
  /** The latest `<recordedTime>` before the speech, when there is one; never earlier than the one before. */
  time: string | null;
  /** Headings of the debate sections it sits in, outermost first. */
  headings: string[];
}

export interface Debate {
  /** The work's FRBR URI (`/akn/ke/debaterecord/2011-06-10`), when given. */
  uri: string | null;
  /** The sitting's date (`docDate`, else the work's FRBRdate), as YYYY-MM-DD. */
  date: string | null;
  /** Proponent and title from the preface, e.g. "PARLIAMENT OF …, SECOND MEETING, 2011". */
  title: string | null;
  /** TLCPerson, TLCRole and TLCOrganization by eId: what each is shown as. */
  references: Map<string, { kind: string; showAs: string }>;
  speeches: DebateSpeech[];
}

/** The largest debate record read; larger ones are refused before parsing. */
export const MAX_DEBATE_BYTES = 20 * 1024 * 1024;

const SPEECH_ELEMENTS = new Set(['speech', 'question', 'answer']);

/** AKN's sections of a debate (its speechSection group): a `<heading>` in one names what is said in it. */
const SECTIONS = new Set([
  'debateSection',
  'administrationOfOath',
  'rollCall',
  'prayers',
  'oralStatements',
  'writtenStatements',
  'personalStatements',
  'ministerialStatements',
  'resolutions',
  'nationalInterest',
  'declarationOfVote',
  'communication',
  'petitions',
  'papers',
  'noticesOfMotion',
  'questions',
  'address',
  'proceduralMotions',
  'pointOfOrder',
  'adjournment',
]);

/**
 * Reads an Akoma Ntoso debate record (any version's namespace: elements are matched by local
 * name). A DOCTYPE is refused outright, so no entity — external or internal — is ever expanded;
 * XML that is not well-formed, repeated eIds and speeches that name unknown speakers are refused
 * with their line and column.
 */
export function parseDebate(xml: string, name = 'the debate record'): Debate {
  if (Buffer.byteLength(xml) > MAX_DEBATE_BYTES) {
    throw new AppError('input.too_large', `${name} is larger than ${MAX_DEBATE_BYTES / 1024 / 1024} MB`);
  }
  const parser = new SaxesParser({ xmlns: false, position: true });
  const fail = (message: string): never => {
    throw new AppError(
      'input.invalid',
      `${name}: ${message} (line ${parser.line}, column ${parser.column + 1})`,
    );
  };

  const debate: Debate = { uri: null, date: null, title: null, references: new Map(), speeches: [] };
  let workDate: string | null = null;
  let docDate: string | null = null;
  const stack: { local: string; eId: string | null; attributes: Record<string, string> }[] = [];
  const seenIds = new Set<string>();
  const counters = new Map<string, number>();
  let time: string | null = null;
  let current: {
    speech: DebateSpeech;
    paragraphs: string[];
    inFrom: boolean;
    fromText: string;
    depth: number;
  } | null = null;
  let paragraph = '';
  const preface: { proponent: string[]; title: string[] } = { proponent: [], title: [] };
  let prefaceField: 'proponent' | 'title' | null = null;
  let heading: string | null = null;
  const headings: (string | null)[] = [];

  const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);
  const ref = (value: string | undefined) => (value ? value.replace(/^#/, '').trim() || null : null);
  const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
  const flushParagraph = () => {
    if (current && clean(paragraph)) current.paragraphs.push(clean(paragraph));
    paragraph = '';
  };

  parser.on('doctype', () =>
    fail('has a DOCTYPE; Pointwise reads debate records without one and expands no entities'),
  );
  parser.on('error', (error) =>
    fail(`is not well-formed XML: ${error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '')}`),
  );
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    const eId = attributes.eId ?? attributes.id ?? null;
    for (const attribute of ['eId', 'wId', 'id', 'xml:id']) {
      const value = attributes[attribute];
      if (value === undefined) continue;
      if (seenIds.has(`${attribute}=${value}`))
        fail(`repeats the ${attribute} "${value}"; each must be unique`);
      seenIds.add(`${attribute}=${value}`);
    }
    if (stack.length === 0 && name !== 'akomaNtoso')
      fail(`is not Akoma Ntoso: its root element is <${tag.name}>`);
    stack.push({ local: name, eId, attributes });
    const inside = (n: string) => stack.some((s) => s.local === n);
    if (name === 'FRBRuri' && inside('FRBRWork') && attributes.value) debate.uri = attributes.value;
    if (name === 'FRBRdate' && inside('FRBRWork') && attributes.date) workDate = attributes.date;
    if (name === 'docDate' && attributes.date) docDate = attributes.date;
    if (name.startsWith('TLC') && eId !== null && attributes.showAs) {
      debate.references.set(eId, { kind: name, showAs: attributes.showAs });
    }
    if (name === 'docProponent') prefaceField = 'proponent';
    if (name === 'docTitle') prefaceField = 'title';
    if (name === 'heading') heading = '';
    if (name === 'recordedTime' && attributes.time) {
      const text = /(Z|[+-]\d{2}:\d{2})$/.test(attributes.time) ? attributes.time : `${attributes.time}Z`;
      const at = parseInstant(text);
      // A time earlier than the one before is a slip of the record (2.07 p.m. written 02:07): kept out.
      if (at && (time === null || at.toISOString() >= time)) time = at.toISOString();
    }
    if (SPEECH_ELEMENTS.has(name) && inside('debateBody') && !current) {
      const parent = [...stack]
        .slice(0, -1)
        .reverse()
        .find((s) => s.eId !== null);
      const base = parent?.eId ?? 'debate';
      const n = (counters.get(`${base} ${name}`) ?? 0) + 1;
      counters.set(`${base} ${name}`, n);
      const made = eId ?? `${base}__${name}_${n}`;
      if (eId === null) {
        if (seenIds.has(`eId=${made}`))
          fail(`has an eId "${made}" that clashes with the one made for an unnamed ${name}`);
        seenIds.add(`eId=${made}`);
      }
      const role = [ref(attributes.as), ref(attributes.refersTo)].find(
        (r) => r !== null && debate.references.get(r)?.kind === 'TLCRole',
      );
      current = {
        speech: {
          eId: made,
          element: name as DebateSpeech['element'],
          by: ref(attributes.by),
          as: role ?? ref(attributes.as),
          from: null,
          text: '',
          time,
          headings: headings.filter((h): h is string => h !== null),
        },
        paragraphs: [],
        inFrom: false,
        fromText: '',
        depth: stack.length,
      };
    }
    if (current && name === 'from') current.inFrom = true;
    if (current && (name === 'p' || name === 'blockList' || name === 'item')) flushParagraph();
    if (SECTIONS.has(name)) headings.push(null);
  });
  parser.on('text', (text) => {
    if (prefaceField) preface[prefaceField].push(text);
    if (heading !== null) heading += text;
    if (!current) return;
    if (current.inFrom) current.fromText += text;
    else paragraph += text;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'docProponent' || name === 'docTitle') prefaceField = null;
    if (name === 'heading' && heading !== null) {
      // The heading names the innermost section it opens.
      if (headings.length > 0 && !current) headings[headings.length - 1] = clean(heading);
      heading = null;
    }
    if (current && name === 'from') {
      current.inFrom = false;
      current.speech.from = clean(current.fromText).replace(/:$/, '').trim() || null;
    }
    if (current && (name === 'p' || name === 'item')) flushParagraph();
    if (current && stack.length === current.depth) {
      flushParagraph();
      current.speech.text = current.paragraphs.join('\n');
      debate.speeches.push(current.speech);
      current = null;
    }
    if (SECTIONS.has(name)) headings.pop();
    stack.pop();
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    fail(`is not well-formed XML: ${(error as Error).message}`);
  }
  if (debate.speeches.length === 0)
    throw new AppError(
      'input.invalid',
      `${name}: has no speeches (<speech>, <question> or <answer> in a <debateBody>)`,
    );
  debate.date = docDate ?? workDate;
  const title = [clean(preface.proponent.join(' ')), clean(preface.title.join(' '))].filter(Boolean);
  debate.title = title.length ? title.join(', ') : null;
  for (const s of debate.speeches) {
    if (s.by !== null && !debate.references.has(s.by)) {
      throw new AppError(
        'input.invalid',
        `${name}: speech "${s.eId}" is by "#${s.by}", which <references> does not name`,
      );
    }
  }
  return debate;
}
