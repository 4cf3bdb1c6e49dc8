import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { DescriptorProtoSchema, FieldDescriptorProtoSchema, FileDescriptorProtoSchema, MessageOptionsSchema } from '@bufbuild/protobuf/wkt';
import { mapEntryName, protocShaped } from './protoc-shaped.ts';

describe('protocShaped', () => {
  it("names a map's entry after its field in CamelCase, as protoc does", () => {
    assert.equal(mapEntryName('statuses'), 'StatusesEntry');
    assert.equal(mapEntryName('labels_by_key'), 'LabelsByKeyEntry');
    assert.equal(mapEntryName('x'), 'XEntry');
  });

  it('qualifies relative type names from the innermost scope outwards, and leaves qualified and unknown ones alone', () => {
    const file = create(FileDescriptorProtoSchema, {
      name: 'example.proto',
      package: 'example.v1',
      messageType: [
        create(DescriptorProtoSchema, {
          name: 'Outer',
          field: [
            create(FieldDescriptorProtoSchema, { name: 'inner', typeName: 'Inner' }),
            create(FieldDescriptorProtoSchema, { name: 'other', typeName: 'Other' }),
            create(FieldDescriptorProtoSchema, { name: 'kept', typeName: '.google.protobuf.Timestamp' }),
            create(FieldDescriptorProtoSchema, { name: 'labels', typeName: 'Labels' }),
            create(FieldDescriptorProtoSchema, { name: 'unknown', typeName: 'Nowhere' }),
          ],
          nestedType: [
            create(DescriptorProtoSchema, { name: 'Inner', field: [create(FieldDescriptorProtoSchema, { name: 'back', typeName: 'Other' })] }),
            create(DescriptorProtoSchema, { name: 'Labels', options: create(MessageOptionsSchema, { mapEntry: true }) }),
          ],
        }),
        create(DescriptorProtoSchema, { name: 'Other' }),
      ],
    });
    protocShaped(file);
    const [outer, other] = file.messageType;
    assert.deepEqual(
      outer!.field.map((field) => field.typeName),
      ['.example.v1.Outer.Inner', '.example.v1.Other', '.google.protobuf.Timestamp', '.example.v1.Outer.LabelsEntry', 'Nowhere'],
    );
    assert.deepEqual(outer!.nestedType.map((nested) => nested.name), ['Inner', 'LabelsEntry']);
    assert.equal(outer!.nestedType[0]!.field[0]!.typeName, '.example.v1.Other');
    assert.equal(other!.name, 'Other');
  });
});
