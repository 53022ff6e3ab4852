import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, can, type Who } from '../../auth/policies.ts';
import { memberActor } from '../../auth/principal.ts';
import { arrangeMeeting, ArrangeMeetingInput } from '../../domain/arrange-meeting.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listMeetings, type MeetingView } from '../../domain/list-meetings.ts';
import type { Db } from '../../domain/lookup.ts';
import { publishMeeting, PublishMeetingInput } from '../../domain/publish-meeting.ts';
import { recordMeetingNotes, RecordMeetingNotesInput } from '../../domain/record-meeting-notes.ts';
import { replyToMeetingRequest, ReplyToMeetingRequestInput } from '../../domain/reply-to-meeting-request.ts';
import { requestMeeting, RequestMeetingInput } from '../../domain/request-meeting.ts';
import type { Viewer } from '../../domain/visibility.ts';
import { Meeting } from '../../shared/api-story.ts';
import { AppError } from '../../shared/app-error.ts';
import { Key } from '../../shared/dossier-file.ts';
import { requireMembership, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS } from './params.ts';

const MeetingParams = DossierParams.extend({ meeting: Key });
const { dossier: _d1, requestedBy: _r, ...requestFields } = RequestMeetingInput.shape;
const { dossier: _d2, meeting: _m1, party: _p, ...replyFields } = ReplyToMeetingRequestInput.shape;
const { dossier: _d3, key: _k, ...arrangeFields } = ArrangeMeetingInput.shape;
const { dossier: _d4, meeting: _m2, ...notesFields } = RecordMeetingNotesInput.shape;
const { dossier: _d5, meeting: _m3, ...publishFields } = PublishMeetingInput.shape;

/** The meeting with `key` as the viewer may see it: hidden and missing are the same 404. */
async function requireVisibleMeeting(
  trx: Db,
  dossier: string,
  key: string,
  viewer: Viewer,
): Promise<MeetingView> {
  const [meeting] = await listMeetings({ trx, viewer, input: { dossier, meeting: key } });
  if (!meeting) throw new AppError('meeting.not_found', `no meeting "${key}" in this dossier`);
  return meeting;
}

/** A meeting with what the caller may do with it. */
function presentMeeting(m: MeetingView, who: Who) {
  const party = who.member?.party ?? '';
  const asked = m.request?.of.includes(party) === true && !m.request.replies.some((r) => r.party === party);
  return {
    ...m,
    abilities: {
      'meeting.reply': asked && can(who, 'meeting.reply', { party }),
      'meeting.arrange': !m.arranged && can(who, 'meeting.arrange', { party }),
      'meeting.notes': m.arranged && can(who, 'meeting.notes', { party }),
      'meeting.publish': can(who, 'meeting.publish', { party }),
    },
  };
}

/** Meetings: ask for one, reply, arrange it, record and publish its outcome notes. */
export const meetingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'the meetings you may see: those your party asked for, was asked to or takes part in, and announced ones',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: z.object({ meetings: z.array(Meeting) }), ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier } = request.params;
      const meetings = await inTransaction(db, (trx) =>
        listMeetings({ trx, viewer: viewerFor(request), input: { dossier } }),
      );
      const who = whoFor(request, dossier);
      return { meetings: meetings.map((m) => presentMeeting(m, who)) };
    },
  );

  app.get(
    '/dossiers/:dossier/meetings/:meeting',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'one meeting: its request and replies, place and time, participants, agenda, and notes if you may read them',
        params: MeetingParams,
        querystring: NoQuery,
        response: { 200: Meeting, ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier, meeting } = request.params;
      const m = await inTransaction(db, (trx) =>
        requireVisibleMeeting(trx, dossier, meeting, viewerFor(request)),
      );
      return presentMeeting(m, whoFor(request, dossier));
    },
  );

  app.post(
    '/dossiers/:dossier/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'ask other parties for a meeting, for your party (the lead); it can be accepted, declined or arranged later',
        params: DossierParams,
        body: z.strictObject(requestFields),
        response: { 201: Meeting, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        const who = whoFor(request, dossier);
        authorize(who, 'meeting.request', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await requestMeeting({
          trx,
          actor: memberActor(request.principal, member),
          // Asked over the API, the request is made now unless the caller says when.
          input: {
            requestedAt: new Date().toISOString(),
            dossier,
            ...request.body,
            requestedBy: member.party,
          },
        });
        return presentMeeting(await requireVisibleMeeting(trx, dossier, request.body.key, viewer), who);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/:dossier/meetings/:meeting/replies',
    {
      schema: {
        tags: ['meetings'],
        summary: 'accept or decline a meeting your party was asked to (the lead), once',
        params: MeetingParams,
        body: z.strictObject(replyFields),
        response: { 201: Meeting, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, meeting } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        await requireVisibleMeeting(trx, dossier, meeting, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'meeting.reply', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await replyToMeetingRequest({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, meeting, party: member.party, ...request.body },
        });
        return presentMeeting(await requireVisibleMeeting(trx, dossier, meeting, viewer), who);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/:dossier/meetings/:meeting/arrangement',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'fix where and when a meeting takes place, who takes part and its agenda (a lead of a party involved); a meeting not asked for is created',
        params: MeetingParams,
        body: z.strictObject(arrangeFields),
        response: { 201: Meeting, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, meeting } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        const exists = await trx
          .selectFrom('meetings')
          .innerJoin('dossiers', 'dossiers.id', 'meetings.dossier_id')
          .select('meetings.id')
          .where('dossiers.key', '=', dossier)
          .where('meetings.key', '=', meeting)
          .executeTakeFirst();
        if (exists) await requireVisibleMeeting(trx, dossier, meeting, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'meeting.arrange', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await arrangeMeeting({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, key: meeting, ...request.body },
          viewer,
        });
        return presentMeeting(await requireVisibleMeeting(trx, dossier, meeting, viewer), who);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/:dossier/meetings/:meeting/notes',
    {
      schema: {
        tags: ['meetings'],
        summary:
          "record a meeting's outcome notes (a participating party's drafter or lead); participants only, until published",
        params: MeetingParams,
        body: z.strictObject(notesFields),
        response: { 201: Meeting, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, meeting } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        await requireVisibleMeeting(trx, dossier, meeting, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'meeting.notes', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await recordMeetingNotes({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, meeting, ...request.body },
        });
        return presentMeeting(await requireVisibleMeeting(trx, dossier, meeting, viewer), who);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/:dossier/meetings/:meeting/publication',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'announce a meeting (subject "meeting") or publish its outcome notes (subject "notes"): once, irreversibly',
        params: MeetingParams,
        body: z.strictObject(publishFields),
        response: { 201: Meeting, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, meeting } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        await requireVisibleMeeting(trx, dossier, meeting, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'meeting.publish', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await publishMeeting({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, meeting, ...request.body },
        });
        return presentMeeting(await requireVisibleMeeting(trx, dossier, meeting, viewer), who);
      });
      return reply.code(201).send(body);
    },
  );
};
